using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kumo.FunctionalTests.Lambda;
using Kumo.Testing;

namespace Kumo.FunctionalTests;

/// <summary>
/// <c>kumo up --tls-port</c> as a user runs it: a real process, its self-signed certificate or the user's own PEM
/// files, and curl speaking HTTP/2 to it while trusting only that certificate (<c>--cacert</c>).
/// </summary>
public sealed class TlsUpTests : IDisposable
{
    private static readonly TimeSpan ToolDeadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _temp = new();

    private string DataDir => _temp.Combine(".kumo");

    private string KumoCertificate => Path.Combine(DataDir, "tls", "kumo-dev.pem");

    public void Dispose() => _temp.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Task<ClientProcess> RunAsync(string tool, params string[] arguments) =>
        ClientProcess.RunAsync(tool, arguments, new Dictionary<string, string?>(), ToolDeadline);

    /// <summary>curl's HTTP version and status for <paramref name="url"/>, such as <c>2 200</c>.</summary>
    private static async Task<string> CurlVersionAndStatusAsync(string certificate, string url, params string[] more)
    {
        var curl = await RunAsync("curl", ["--http2", "--cacert", certificate, "-sS", "-o", "/dev/null", "-w", "%{http_version} %{response_code}", .. more, url]);
        Assert.True(curl.ExitCode == 0, $"curl {url} failed with {curl.ExitCode}: {curl.Stderr}");
        return curl.Stdout;
    }

    /// <summary>The HTTPS address the server wrote to <c>server.json</c>.</summary>
    private Uri HttpsAddress()
    {
        using var info = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(DataDir, "server.json")));
        return new Uri(info.RootElement.GetProperty("httpsEndpoint").GetString()!);
    }

    /// <summary>The fingerprint the banner printed.</summary>
    private static string BannerFingerprint(KumoProcess server) =>
        Regex.Match(server.Stdout, "^  sha-256    ([0-9A-F:]{95})$", RegexOptions.Multiline) is { Success: true } match
            ? match.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"no sha-256 line in: {server.Stdout}");

    /// <summary>The fingerprint openssl reads from a PEM file.</summary>
    private static async Task<string> OpensslFingerprintAsync(string certificate)
    {
        var openssl = await RunAsync("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", certificate);
        Assert.Equal(0, openssl.ExitCode);
        return openssl.Stdout.Trim().Split('=')[1];
    }

    private async Task StopAsync(KumoProcess server)
    {
        server.Signal(Signals.Terminate);
        await server.WaitForExitAsync();
        Assert.Equal(0, server.ExitCode);
        Assert.Equal("", server.Stderr);
        Assert.Empty(ProcessLeaks.FindAlive(server.Marker));
    }

    [Fact]
    public async Task Up_WithTlsPort_CurlSpeaksHttp2TrustingTheCertificateKumoMade()
    {
        await using var server = KumoProcess.Start(["up", "--port", "0", "--tls-port", "0", "--data-dir", DataDir]);
        var endpoint = await server.WaitUntilReadyAsync(DataDir);
        var https = HttpsAddress();
        var port = https.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var health = await CurlVersionAndStatusAsync(KumoCertificate, $"https://localhost:{port}/healthz");
        var s3 = await CurlVersionAndStatusAsync(KumoCertificate, $"https://s3.localhost:{port}/", "--resolve", $"s3.localhost:{port}:127.0.0.1");
        var byAddress = await CurlVersionAndStatusAsync(KumoCertificate, $"https://127.0.0.1:{port}/_kumo/v1/status");
        var cleartext = await CurlVersionAndStatusAsync(KumoCertificate, new Uri(endpoint, "/healthz").ToString());
        var status = await KumoProcess.RunAsync("status", "--endpoint", endpoint.ToString());

        Assert.Equal("2 200", health);
        Assert.Equal("2 200", s3);
        Assert.Equal("2 200", byAddress);
        Assert.Equal("1.1 200", cleartext);
        Assert.Equal($"https://127.0.0.1:{port}/", https.ToString());
        Assert.Contains($"  https      https://127.0.0.1:{port} (HTTP/2 and HTTP/1.1)", server.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  cert       {KumoCertificate} (self-signed by Kumo, made now)", server.Stdout, StringComparison.Ordinal);
        Assert.Equal(await OpensslFingerprintAsync(KumoCertificate), BannerFingerprint(server));
        Assert.Equal(0, status.ExitCode);
        Assert.Matches($@"(?m)^https\s+https://127\.0\.0\.1:{port} \(HTTP/2 and HTTP/1\.1\)", status.Stdout);
        await StopAsync(server);
    }

    [Fact]
    public async Task Up_Restarted_PresentsTheCertificateItKeptInTheDataDirectory()
    {
        string first;
        await using (var server = KumoProcess.Start(["up", "--port", "0", "--tls-port", "0", "--data-dir", DataDir]))
        {
            await server.WaitUntilReadyAsync(DataDir);
            first = BannerFingerprint(server);
            await StopAsync(server);
        }

        await using var again = KumoProcess.Start(["up", "--port", "0", "--tls-port", "0", "--data-dir", DataDir]);
        await again.WaitUntilReadyAsync(DataDir);
        var port = HttpsAddress().Port;

        Assert.Equal(first, BannerFingerprint(again));
        Assert.Contains($"  cert       {KumoCertificate} (self-signed by Kumo, kept from an earlier start)", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(first, await OpensslFingerprintAsync(KumoCertificate));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(DataDir, "tls", "kumo-dev.key")));
        Assert.Equal("2 200", await CurlVersionAndStatusAsync(KumoCertificate, $"https://localhost:{port}/healthz"));
        await StopAsync(again);
    }

    [Fact]
    public async Task Up_WithTheUsersPemFilesFromTheEnvironment_PresentsThemAndMakesNoCertificate()
    {
        var (certificate, key) = await OpensslPairAsync("site");
        var environment = new Dictionary<string, string> { ["KUMO_TLS_PORT"] = "0", ["KUMO_TLS_CERT"] = certificate, ["KUMO_TLS_KEY"] = key };

        await using var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir], environment);
        await server.WaitUntilReadyAsync(DataDir);
        var port = HttpsAddress().Port;

        Assert.Equal("2 200", await CurlVersionAndStatusAsync(certificate, $"https://localhost:{port}/healthz"));
        Assert.Contains($"  cert       {certificate} (yours)", server.Stdout, StringComparison.Ordinal);
        Assert.Equal(await OpensslFingerprintAsync(certificate), BannerFingerprint(server));
        Assert.False(Directory.Exists(Path.Combine(DataDir, "tls")), "Kumo makes no certificate of its own when given one");
        await StopAsync(server);
    }

    [Fact]
    public async Task Up_WithAFullChainFile_SendsTheIntermediateSoClientsTrustingOnlyTheRootConnect()
    {
        var (root, fullChain, key) = await OpensslChainAsync();

        await using var server = KumoProcess.Start(["up", "--port", "0", "--tls-port", "0", "--tls-cert", fullChain, "--tls-key", key, "--data-dir", DataDir]);
        await server.WaitUntilReadyAsync(DataDir);
        var port = HttpsAddress().Port;

        Assert.Equal("2 200", await CurlVersionAndStatusAsync(root, $"https://localhost:{port}/healthz"));
        await StopAsync(server);
    }

    [Fact]
    public async Task Up_TlsPortSameAsPort_ExitsWithOneLineAndCreatesNothing()
    {
        var kumo = await KumoProcess.RunAsync("up", "--port", "7071", "--tls-port", "7071", "--data-dir", DataDir);

        Assert.Equal(2, kumo.ExitCode);
        Assert.Equal(
            "kumo: setting TlsPort = '7071' (from --tls-port) is not valid: use a port other than Port (7071): one port cannot serve both HTTP and HTTPS",
            Assert.Single(Lines(kumo.Stderr)));
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Up_CertificateFileMissing_ExitsWithOneLineNamingIt()
    {
        var (_, key) = await OpensslPairAsync("site");
        var missing = _temp.Combine("missing.pem");

        var kumo = await KumoProcess.RunAsync("up", "--port", "0", "--tls-port", "0", "--tls-cert", missing, "--tls-key", key, "--data-dir", DataDir);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal(
            $"kumo: TLS certificate file '{missing}' (--tls-cert / KUMO_TLS_CERT) does not exist: name an existing PEM file.",
            Assert.Single(Lines(kumo.Stderr)));
        Assert.DoesNotContain("Exception", kumo.Stdout + kumo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_KeyOfAnotherCertificate_ExitsWithOneLineNamingBothFiles()
    {
        var (certificate, _) = await OpensslPairAsync("site");
        var (_, otherKey) = await OpensslPairAsync("other");

        var kumo = await KumoProcess.RunAsync("up", "--port", "0", "--tls-port", "0", "--tls-cert", certificate, "--tls-key", otherKey, "--data-dir", DataDir);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal(
            $"kumo: TLS private key file '{otherKey}' (--tls-key / KUMO_TLS_KEY) does not belong to the certificate in '{certificate}' " +
            "(--tls-cert / KUMO_TLS_CERT): give the key the certificate was made for.",
            Assert.Single(Lines(kumo.Stderr)));
    }

    [Fact]
    public async Task Up_TlsPortTaken_ExitsWithOneLineNamingTheTlsFlagAndReleasesTheDataDirectory()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var kumo = await KumoProcess.RunAsync("up", "--port", "0", "--tls-port", port, "--data-dir", DataDir);

        Assert.Equal(1, kumo.ExitCode);
        var line = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith($"kumo: cannot listen for HTTPS on 127.0.0.1:{port}:", line, StringComparison.Ordinal);
        Assert.EndsWith("or choose another port with --tls-port / KUMO_TLS_PORT.", line, StringComparison.Ordinal);
        squatter.Stop();
        await using var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        await server.WaitUntilReadyAsync(DataDir);
        await StopAsync(server);
    }

    /// <summary>
    /// A root CA, an intermediate CA it signed, and a certificate for localhost the intermediate signed, made by openssl
    /// as a small CA would: the root's file, the "full chain" file (the certificate, then the intermediate) and the key.
    /// </summary>
    private async Task<(string Root, string FullChain, string Key)> OpensslChainAsync()
    {
        string Path(string name) => _temp.Combine(name);
        await File.WriteAllTextAsync(Path("ca.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        await File.WriteAllTextAsync(Path("leaf.ext"), "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
        string[][] steps =
        [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path("root.key"), "-out", Path("root.crt"),
                "-days", "2", "-subj", "/CN=Kumo Test Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path("int.key"), "-out", Path("int.csr"), "-subj", "/CN=Kumo Test Intermediate"],
            ["x509", "-req", "-in", Path("int.csr"), "-CA", Path("root.crt"), "-CAkey", Path("root.key"), "-set_serial", "2", "-days", "2",
                "-extfile", Path("ca.ext"), "-out", Path("int.crt")],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", Path("leaf.key"), "-out", Path("leaf.csr"), "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", Path("leaf.csr"), "-CA", Path("int.crt"), "-CAkey", Path("int.key"), "-set_serial", "3", "-days", "2",
                "-extfile", Path("leaf.ext"), "-out", Path("leaf.crt")],
        ];
        foreach (var step in steps)
        {
            var openssl = await RunAsync("openssl", step);
            Assert.True(openssl.ExitCode == 0, $"openssl {string.Join(' ', step)}: {openssl.Stderr}");
        }

        await File.WriteAllTextAsync(Path("fullchain.pem"), await File.ReadAllTextAsync(Path("leaf.crt")) + await File.ReadAllTextAsync(Path("int.crt")));
        return (Path("root.crt"), Path("fullchain.pem"), Path("leaf.key"));
    }

    /// <summary>A self-signed certificate for localhost and 127.0.0.1 with its unencrypted RSA key, made by openssl as a user would.</summary>
    private async Task<(string Certificate, string Key)> OpensslPairAsync(string name)
    {
        var certificate = _temp.Combine(name + ".crt");
        var key = _temp.Combine(name + ".key");
        var openssl = await RunAsync(
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Assert.True(openssl.ExitCode == 0, openssl.Stderr);
        return (certificate, key);
    }
}
