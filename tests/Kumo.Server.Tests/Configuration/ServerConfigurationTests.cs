using Kumo.Server.Configuration;
using Kumo.Testing;

namespace Kumo.Server.Tests.Configuration;

public sealed class ServerConfigurationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private ServerConfiguration Load(
        string? settingsFile = null,
        Dictionary<ServerSetting, string>? flags = null,
        Dictionary<string, string>? environment = null) =>
        ServerConfiguration.Load(
            settingsFile,
            flags ?? [],
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            _directory.Path);

    [Fact]
    public void Load_NothingGiven_UsesDefaults()
    {
        var configuration = Load();

        Assert.Empty(configuration.Problems);
        Assert.Equal(7070, configuration.Options.Port);
        Assert.Equal("127.0.0.1", configuration.Options.Bind);
        Assert.Equal("./.kumo", configuration.Options.DataDir);
        Assert.Equal(TimeSpan.FromSeconds(30), configuration.Options.DrainTimeout);
        Assert.Null(configuration.SettingsFile);
    }

    [Fact]
    public void Load_FunctionSettings_ReachFunctionsOptions()
    {
        var configuration = Load(flags: new()
        {
            [ServerSetting.Region] = "eu-west-2",
            [ServerSetting.AccountId] = "123456789012",
            [ServerSetting.IdleTimeout] = "30",
            [ServerSetting.MaxConcurrency] = "7",
            [ServerSetting.MemoryBudget] = "4096",
            [ServerSetting.BillingGranularity] = "100",
            [ServerSetting.RecordRetention] = "2",
            [ServerSetting.MaxPackageZipped] = "10",
            [ServerSetting.MaxPackageUnzipped] = "20",
        });

        Assert.Empty(configuration.Problems);
        var functions = configuration.Options.Functions;
        Assert.Equal(("eu-west-2", "123456789012"), (functions.Region, functions.AccountId));
        Assert.Equal(TimeSpan.FromSeconds(30), functions.IdleTimeout);
        Assert.Equal(7, functions.MaxConcurrency);
        Assert.Equal(4096, functions.MemoryBudgetMb);
        Assert.Equal(100, functions.BillingGranularityMs);
        Assert.Equal(TimeSpan.FromHours(2), functions.RecordRetention);
        Assert.Equal((10L * 1024 * 1024, 20L * 1024 * 1024), (functions.Packages.MaxZippedBytes, functions.Packages.MaxUnzippedBytes));
    }

    [Fact]
    public void Load_AllThreeLayers_FlagsBeatEnvironmentBeatFile()
    {
        File.WriteAllText(_directory.Combine("s.json"), """{ "Kumo": { "Port": 1001, "Bind": "0.0.0.0", "DataDir": "/from/file", "DrainTimeoutSeconds": 5 } }""");

        var configuration = Load(
            "s.json",
            flags: new() { [ServerSetting.Port] = "1003" },
            environment: new() { ["KUMO_PORT"] = "1002", ["KUMO_DATA_DIR"] = "/from/env" });

        Assert.Empty(configuration.Problems);
        Assert.Equal(1003, configuration.Options.Port);
        Assert.Equal("/from/env", configuration.Options.DataDir);
        Assert.Equal("0.0.0.0", configuration.Options.Bind);
        Assert.Equal(TimeSpan.FromSeconds(5), configuration.Options.DrainTimeout);
        Assert.Equal(_directory.Combine("s.json"), configuration.SettingsFile);
    }

    [Fact]
    public void Load_DefaultSettingsFileInCurrentDirectory_IsRead()
    {
        File.WriteAllText(_directory.Combine(ServerConfiguration.DefaultSettingsFile), """{ "Kumo": { "Port": 8123 } }""");

        var configuration = Load();

        Assert.Equal(8123, configuration.Options.Port);
        Assert.Equal(_directory.Combine(ServerConfiguration.DefaultSettingsFile), configuration.SettingsFile);
    }

    [Fact]
    public void Load_SettingsFileFromEnvironment_IsRead()
    {
        File.WriteAllText(_directory.Combine("env.json"), """{ "Kumo": { "Port": 8124 } }""");

        var configuration = Load(environment: new() { ["KUMO_CONFIG"] = _directory.Combine("env.json") });

        Assert.Equal(8124, configuration.Options.Port);
    }

    [Theory]
    [InlineData("KUMO_PORT", "99999", "Port", "KUMO_PORT", "from 0 to 65535")]
    [InlineData("KUMO_PORT", "http", "Port", "KUMO_PORT", "whole number")]
    [InlineData("KUMO_BIND", "example.com", "Bind", "KUMO_BIND", "IP address")]
    [InlineData("KUMO_DRAIN_TIMEOUT", "-5", "DrainTimeoutSeconds", "KUMO_DRAIN_TIMEOUT", "from 0 to 3600")]
    [InlineData("KUMO_DATA_DIR", "   ", "DataDir", "KUMO_DATA_DIR", "directory")]
    [InlineData("KUMO_REGION", "Moon", "Region", "KUMO_REGION", "us-east-1")]
    [InlineData("KUMO_ACCOUNT_ID", "12345", "AccountId", "KUMO_ACCOUNT_ID", "12 digits")]
    [InlineData("KUMO_IDLE_TIMEOUT", "0", "IdleTimeoutSeconds", "KUMO_IDLE_TIMEOUT", "from 1 to")]
    [InlineData("KUMO_MAX_CONCURRENCY", "0", "MaxConcurrency", "KUMO_MAX_CONCURRENCY", "from 1 to")]
    [InlineData("KUMO_MEMORY_BUDGET_MB", "-1", "MemoryBudgetMb", "KUMO_MEMORY_BUDGET_MB", "three quarters")]
    [InlineData("KUMO_BILLING_GRANULARITY_MS", "0", "BillingGranularityMs", "KUMO_BILLING_GRANULARITY_MS", "from 1 to")]
    [InlineData("KUMO_MAX_PACKAGE_ZIPPED_MB", "51", "MaxPackageZippedMb", "KUMO_MAX_PACKAGE_ZIPPED_MB", "from 1 to 50")]
    [InlineData("KUMO_RECORD_RETENTION_HOURS", "0", "RecordRetentionHours", "KUMO_RECORD_RETENTION_HOURS", "from 1 to")]
    public void Load_BadEnvironmentValue_NamesKeyValueOriginAndWhatIsAllowed(string variable, string value, string key, string origin, string allowed)
    {
        var configuration = Load(environment: new() { [variable] = value });

        var problem = Assert.Single(configuration.Problems);
        Assert.StartsWith($"setting {key} = '{value}' (from {origin}) is not valid: ", problem, StringComparison.Ordinal);
        Assert.Contains(allowed, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadFlag_NamesTheFlag()
    {
        var configuration = Load(flags: new() { [ServerSetting.Port] = "-1" });

        Assert.Contains("(from --port)", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadValueInFile_NamesTheFileAndKey()
    {
        var file = _directory.Combine("s.json");
        File.WriteAllText(file, """{ "Kumo": { "Port": "seventy" } }""");

        var configuration = Load(file);

        Assert.Contains($"(from Kumo:Port in {file})", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralBadSettings_ReportsThemAll()
    {
        var configuration = Load(flags: new() { [ServerSetting.Port] = "x", [ServerSetting.Bind] = "y", [ServerSetting.DrainTimeout] = "z" });

        Assert.Equal(3, configuration.Problems.Count);
    }

    [Fact]
    public void Load_UnknownKeyInFile_IsReportedWithKnownKeys()
    {
        File.WriteAllText(_directory.Combine("s.json"), """{ "Kumo": { "Prot": 8080 } }""");

        var configuration = Load("s.json");

        var problem = Assert.Single(configuration.Problems);
        Assert.Contains("setting Prot = '8080'", problem, StringComparison.Ordinal);
        Assert.Contains("known settings are", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherSectionsInFile_AreKeptForTheHost()
    {
        File.WriteAllText(_directory.Combine("s.json"), """{ "Logging": { "LogLevel": { "Default": "Debug" } } }""");

        var configuration = Load("s.json");

        Assert.Empty(configuration.Problems);
        Assert.Equal("Debug", configuration.Configuration["Logging:LogLevel:Default"]);
    }

    [Fact]
    public void Load_NamedSettingsFileMissing_IsAProblem()
    {
        var configuration = Load("missing.json");

        Assert.Contains("settings file 'missing.json' (from --config) does not exist", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SettingsFileNotJson_IsAProblem()
    {
        File.WriteAllText(_directory.Combine("s.json"), "{ Kumo: ");

        var configuration = Load("s.json");

        Assert.Contains("cannot be read", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SettingsFileIsADirectory_SaysSo()
    {
        Directory.CreateDirectory(_directory.Combine("settings.json"));

        var configuration = Load("settings.json");

        Assert.Contains("is a directory", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadJson_SaysWhereTheParserStopped()
    {
        File.WriteAllText(_directory.Combine("s.json"), "{ \"Kumo\": { \"Port\": 70,, } }");

        var problem = Assert.Single(Load("s.json").Problems);

        Assert.Contains("LineNumber", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Kumo": { "Port": { "x": 1 } } }""", "setting Port = '(an object or a list)'")]
    [InlineData("""{ "Kumo": { "Bind": ["a"] } }""", "setting Bind = '(an object or a list)'")]
    [InlineData("""{ "Kumo": "x" }""", "setting Kumo = 'x'")]
    public void Load_ValueOfTheWrongShape_IsAProblemNotIgnored(string json, string expected)
    {
        File.WriteAllText(_directory.Combine("s.json"), json);

        var problem = Assert.Single(Load("s.json").Problems);

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10.1")]
    [InlineData("0x7f000001")]
    public void Load_PartialIpAddress_IsRejected(string bind)
    {
        var configuration = Load(flags: new() { [ServerSetting.Bind] = bind });

        Assert.Contains("use an IP address", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyEnvironmentVariable_CountsAsUnset()
    {
        var configuration = Load(environment: new() { ["KUMO_PORT"] = "" });

        Assert.Empty(configuration.Problems);
        Assert.Equal(ServerOptions.DefaultPort, configuration.Options.Port);
    }

    [Fact]
    public void Load_Localhost_BindsLoopback()
    {
        var configuration = Load(flags: new() { [ServerSetting.Bind] = "localhost" });

        Assert.Equal(System.Net.IPAddress.Loopback, configuration.Options.BindAddress);
    }
}
