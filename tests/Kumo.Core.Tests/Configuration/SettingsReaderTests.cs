using Kumo.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kumo.Core.Tests.Configuration;

public sealed class SettingsReaderTests
{
    private static SettingsReader ReaderFor(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>("Area:" + v.Key, v.Value)))
            .Build();
        return new SettingsReader(configuration.GetSection("Area"), path => $"origin of {path}");
    }

    [Fact]
    public void Integer_Missing_ReturnsDefaultWithoutProblem()
    {
        var reader = ReaderFor();

        Assert.Equal(42, reader.Integer("Size", 42, 1, 100));
        Assert.Empty(reader.Problems);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData(" 100 ", 100)]
    [InlineData("1", 1)]
    public void Integer_InRange_ReturnsValue(string raw, int expected)
    {
        var reader = ReaderFor(("Size", raw));

        Assert.Equal(expected, reader.Integer("Size", 42, 1, 100));
        Assert.Empty(reader.Problems);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("99999999999")]
    public void Integer_Invalid_ReportsKeyValueOriginAndRange(string raw)
    {
        var reader = ReaderFor(("Size", raw));

        Assert.Equal(42, reader.Integer("Size", 42, 1, 100, "megabytes"));

        var problem = Assert.Single(reader.Problems);
        Assert.Equal("Size", problem.Key);
        Assert.Equal(raw, problem.Value);
        Assert.Equal("origin of Area:Size", problem.Origin);
        Assert.Equal(
            $"setting Size = '{raw}' (from origin of Area:Size) is not valid: use a whole number from 1 to 100 (megabytes)",
            problem.ToString());
    }

    [Fact]
    public void Text_ValidatorRejects_ReportsWhatIsAllowed()
    {
        var reader = ReaderFor(("Mode", "fast"));

        var value = reader.Text("Mode", "safe", v => v is "safe" or "strict" ? null : "use safe or strict");

        Assert.Equal("safe", value);
        Assert.Equal("use safe or strict", Assert.Single(reader.Problems).Allowed);
    }

    [Fact]
    public void Text_ValidatorAccepts_ReturnsValue()
    {
        var reader = ReaderFor(("Mode", "strict"));

        Assert.Equal("strict", reader.Text("Mode", "safe", v => v is "safe" or "strict" ? null : "use safe or strict"));
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Problems_SeveralBadSettings_AreAllCollected()
    {
        var reader = ReaderFor(("A", "x"), ("B", "y"));

        reader.Integer("A", 1, 0, 10);
        reader.Integer("B", 1, 0, 10);

        Assert.Equal(["A", "B"], reader.Problems.Select(p => p.Key));
    }

    [Fact]
    public void RejectUnknownKeys_Typo_IsReportedWithTheKnownKeys()
    {
        var reader = ReaderFor(("Prot", "80"), ("Port", "81"));
        reader.Integer("Port", 1, 0, 65535);
        reader.Text("Bind", "x", _ => null);

        reader.RejectUnknownKeys();

        var problem = Assert.Single(reader.Problems);
        Assert.Equal("Prot", problem.Key);
        Assert.Contains("known settings are Bind, Port", problem.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectUnknownKeys_KnownKeysInAnotherCase_AreAccepted()
    {
        var reader = ReaderFor(("port", "80"));
        reader.Integer("Port", 1, 0, 65535);

        reader.RejectUnknownKeys();

        Assert.Empty(reader.Problems);
    }
}
