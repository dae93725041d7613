using Kumo.Server.Configuration;
using Kumo.Testing;

namespace Kumo.Server.Tests.Configuration;

/// <summary>The HTTPS settings of <c>kumo up</c>: off unless asked for, from any layer, and every misuse named.</summary>
public sealed class TlsSettingsTests : IDisposable
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
    public void Load_NothingGiven_HasNoHttpsPort()
    {
        var configuration = Load();

        Assert.Empty(configuration.Problems);
        Assert.Null(configuration.Options.Tls);
    }

    [Fact]
    public void Load_TlsPortFlag_TurnsHttpsOnWithKumosOwnCertificate()
    {
        var configuration = Load(flags: new() { [ServerSetting.TlsPort] = "7443" });

        Assert.Empty(configuration.Problems);
        Assert.Equal(new TlsOptions { Port = 7443 }, configuration.Options.Tls);
    }

    [Fact]
    public void Load_TlsSettingsFromEnvironmentAndFile_AreRead()
    {
        File.WriteAllText(_directory.Combine("s.json"), """{ "Kumo": { "TlsPort": 0, "TlsCertFile": "certs/site.pem" } }""");

        var configuration = Load(environment: new() { ["KUMO_TLS_KEY"] = "/keys/site.key" }, settingsFile: "s.json");

        Assert.Empty(configuration.Problems);
        Assert.Equal(new TlsOptions { Port = 0, CertificateFile = "certs/site.pem", KeyFile = "/keys/site.key" }, configuration.Options.Tls);
    }

    [Fact]
    public void Load_BothPortsZero_IsAllowed()
    {
        var configuration = Load(flags: new() { [ServerSetting.Port] = "0", [ServerSetting.TlsPort] = "0" });

        Assert.Empty(configuration.Problems);
        Assert.Equal(0, configuration.Options.Tls!.Port);
    }

    [Fact]
    public void Load_TlsPortEqualToPort_IsAProblemNamingBoth()
    {
        var configuration = Load(environment: new() { ["KUMO_PORT"] = "8080" }, flags: new() { [ServerSetting.TlsPort] = "8080" });

        Assert.Equal(
            "setting TlsPort = '8080' (from --tls-port) is not valid: use a port other than Port (8080): one port cannot serve both HTTP and HTTPS",
            Assert.Single(configuration.Problems));
    }

    [Fact]
    public void Load_TlsPortEqualToTheDefaultPort_IsAProblem()
    {
        var configuration = Load(environment: new() { ["KUMO_TLS_PORT"] = "7070" });

        Assert.Contains("(from KUMO_TLS_PORT) is not valid: use a port other than Port (7070)", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TlsPortOutOfRange_IsAProblem()
    {
        var configuration = Load(flags: new() { [ServerSetting.TlsPort] = "70000" });

        Assert.Equal(
            "setting TlsPort = '70000' (from --tls-port) is not valid: use a whole number from 0 to 65535 (0 picks a free port)",
            Assert.Single(configuration.Problems));
    }

    [Fact]
    public void Load_CertificateWithoutKey_IsAProblemNamingTheMissingFlag()
    {
        var configuration = Load(flags: new() { [ServerSetting.TlsPort] = "0", [ServerSetting.TlsCert] = "site.pem" });

        Assert.Equal(
            "setting TlsCertFile = 'site.pem' (from --tls-cert) is not valid: give --tls-key (KUMO_TLS_KEY) with it, or neither to let Kumo make a self-signed certificate",
            Assert.Single(configuration.Problems));
    }

    [Fact]
    public void Load_KeyWithoutCertificate_IsAProblemNamingTheMissingFlag()
    {
        var configuration = Load(flags: new() { [ServerSetting.TlsPort] = "0" }, environment: new() { ["KUMO_TLS_KEY"] = "site.key" });

        Assert.Equal(
            "setting TlsKeyFile = 'site.key' (from KUMO_TLS_KEY) is not valid: give --tls-cert (KUMO_TLS_CERT) with it, or neither to let Kumo make a self-signed certificate",
            Assert.Single(configuration.Problems));
    }

    [Fact]
    public void Load_CertificateAndKeyWithoutTlsPort_AreProblemsSayingHowToTurnHttpsOn()
    {
        var configuration = Load(flags: new() { [ServerSetting.TlsCert] = "site.pem", [ServerSetting.TlsKey] = "site.key" });

        Assert.Equal(
            [
                "setting TlsCertFile = 'site.pem' (from --tls-cert) is not valid: it is used only with HTTPS on: turn it on with --tls-port (KUMO_TLS_PORT)",
                "setting TlsKeyFile = 'site.key' (from --tls-key) is not valid: it is used only with HTTPS on: turn it on with --tls-port (KUMO_TLS_PORT)",
            ],
            configuration.Problems);
    }
}
