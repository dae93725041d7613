using Kumo.Abstractions.Functions;
using Kumo.Invocation;
using Kumo.Server.Configuration;
using Kumo.Testing;

namespace Kumo.Server.Tests.Configuration;

/// <summary><c>kumo up --keep-alive fixed|adaptive</c>: the keep-alive policy of functions without their own.</summary>
public sealed class KeepAliveSettingTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_NothingGiven_IsFixed()
    {
        var configuration = Load(flags: []);

        Assert.Empty(configuration.Problems);
        Assert.Equal(KeepAlivePolicy.Fixed, configuration.Options.Functions.KeepAlive);
    }

    [Theory]
    [InlineData("adaptive", KeepAlivePolicy.Adaptive)]
    [InlineData("Adaptive", KeepAlivePolicy.Adaptive)]
    [InlineData("fixed", KeepAlivePolicy.Fixed)]
    public void Load_Flag_SetsThePolicy(string value, KeepAlivePolicy expected)
    {
        var configuration = Load(flags: new() { [ServerSetting.KeepAlive] = value });

        Assert.Empty(configuration.Problems);
        Assert.Equal(expected, configuration.Options.Functions.KeepAlive);
    }

    [Fact]
    public void Load_EnvironmentVariable_SetsThePolicy()
    {
        var configuration = Load(environment: new() { ["KUMO_KEEP_ALIVE"] = "adaptive" });

        Assert.Equal(KeepAlivePolicy.Adaptive, configuration.Options.Functions.KeepAlive);
    }

    [Fact]
    public void Load_UnknownPolicy_NamesTheFlagAndWhatIsAllowed()
    {
        var configuration = Load(flags: new() { [ServerSetting.KeepAlive] = "hybrid" });

        var problem = Assert.Single(configuration.Problems);
        Assert.StartsWith("setting KeepAlive = 'hybrid' (from --keep-alive) is not valid: ", problem, StringComparison.Ordinal);
        Assert.Contains("use fixed (keep every idle sandbox for the idle timeout) or adaptive", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CoordinatorLifetime_OutlivesTheLongestKeepAlive()
    {
        // The adaptive policy may keep a sandbox for its whole range (4 hours), and a function may set up to 4 hours.
        Assert.Equal(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(15), new FunctionsOptions().CoordinatorLifetime);
        Assert.Equal(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(15), new FunctionsOptions { IdleTimeout = TimeSpan.FromDays(2) }.CoordinatorLifetime);
    }

    private ServerConfiguration Load(Dictionary<ServerSetting, string>? flags = null, Dictionary<string, string>? environment = null) =>
        ServerConfiguration.Load(
            null,
            flags ?? [],
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            _directory.Path);
}
