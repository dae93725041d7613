using Kumo.Server.Configuration;
using Kumo.Testing;

namespace Kumo.Server.Tests.Configuration;

/// <summary>The <c>--prewarm on|off</c> setting of <c>kumo up</c>: pools of pre-warmed sandboxes, on unless turned off.</summary>
public sealed class PrewarmSettingsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private ServerConfiguration Load(
        Dictionary<ServerSetting, string>? flags = null, Dictionary<string, string>? environment = null, string? settingsFile = null) =>
        ServerConfiguration.Load(
            settingsFile,
            flags ?? [],
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            _directory.Path);

    [Fact]
    public void Load_NothingGiven_KeepsPools()
    {
        var configuration = Load();

        Assert.Empty(configuration.Problems);
        Assert.True(configuration.Options.Functions.Prewarm.Enabled);
    }

    [Theory]
    [InlineData("off", false)]
    [InlineData("OFF", false)]
    [InlineData("false", false)]
    [InlineData("on", true)]
    [InlineData("true", true)]
    public void Load_PrewarmFlag_TurnsPoolsOnOrOff(string value, bool enabled)
    {
        var configuration = Load(flags: new() { [ServerSetting.Prewarm] = value });

        Assert.Empty(configuration.Problems);
        Assert.Equal(enabled, configuration.Options.Functions.Prewarm.Enabled);
    }

    [Fact]
    public void Load_PrewarmFromEnvironmentAndFile_IsRead()
    {
        File.WriteAllText(_directory.Combine("s.json"), """{ "Kumo": { "Prewarm": false } }""");

        Assert.False(Load(environment: new() { ["KUMO_PREWARM"] = "off" }).Options.Functions.Prewarm.Enabled);
        Assert.False(Load(settingsFile: "s.json").Options.Functions.Prewarm.Enabled);
    }

    [Fact]
    public void Load_BadPrewarmValue_NamesTheFlagAndWhatIsAllowed()
    {
        var configuration = Load(flags: new() { [ServerSetting.Prewarm] = "sometimes" });

        var problem = Assert.Single(configuration.Problems);
        Assert.StartsWith("setting Prewarm = 'sometimes' (from --prewarm) is not valid: ", problem, StringComparison.Ordinal);
        Assert.Contains("use on (keep pools of pre-warmed sandboxes for cold starts) or off", problem, StringComparison.Ordinal);
    }
}
