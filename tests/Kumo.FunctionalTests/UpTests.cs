using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kumo.Testing;

namespace Kumo.FunctionalTests;

/// <summary><c>kumo up</c> as a user runs it: a real process, real port, real data directory, real signals.</summary>
public sealed class UpTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string DataDir => _temp.Combine(".kumo");

    public void Dispose() => _temp.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData(Signals.Terminate)]
    [InlineData(Signals.Interrupt)]
    public async Task Up_ThenSignal_ServesUntilTheSignalAndLeavesNothingBehind(int signal)
    {
        await using var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        var endpoint = await server.WaitUntilReadyAsync(DataDir);

        server.Signal(signal);
        await server.WaitForExitAsync();

        Assert.Equal(0, server.ExitCode);
        Assert.Contains("Kumo stopped.", server.Stdout, StringComparison.Ordinal);
        Assert.Equal("", server.Stderr);
        Assert.Empty(ProcessLeaks.FindAlive(server.Marker));
        Assert.False(File.Exists(Path.Combine(DataDir, "server.json")));
        Assert.False(File.Exists(Path.Combine(DataDir, "metadata.db-wal")), "the SQLite WAL should be checkpointed away on a clean stop");
        using var probe = new TcpListener(IPAddress.Loopback, endpoint.Port);
        probe.Start();
    }

    [Fact]
    public async Task Up_StartedWithSigintIgnored_SaysSoAndStopsOnSigterm()
    {
        await using var server = KumoProcess.StartWithInterruptIgnored(["up", "--port", "0", "--data-dir", DataDir]);
        await server.WaitUntilReadyAsync(DataDir);
        server.Signal(Signals.Terminate);
        await server.WaitForExitAsync();

        Assert.Equal(0, server.ExitCode);
        Assert.Contains($"started with SIGINT ignored (in the background by a script?), so Ctrl+C does not reach it: stop it with SIGTERM (kill {server.Id})", server.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Press Ctrl+C", server.Stdout, StringComparison.Ordinal);
        Assert.Contains("Kumo stopped.", server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_AfterACleanStop_StartsAgainOnTheSameDataKeepingItsIdentity()
    {
        string firstId;
        await using (var first = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]))
        {
            var endpoint = await first.WaitUntilReadyAsync(DataDir);
            firstId = await InstallationIdAsync(endpoint);
            first.Signal(Signals.Terminate);
            await first.WaitForExitAsync();
        }

        await using var second = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        var again = await second.WaitUntilReadyAsync(DataDir);

        Assert.Equal(firstId, await InstallationIdAsync(again));
        second.Signal(Signals.Terminate);
        await second.WaitForExitAsync();
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public async Task Up_AfterTheServerWasKilled_StartsAgain()
    {
        await using (var killed = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]))
        {
            await killed.WaitUntilReadyAsync(DataDir);
            Signals.Send(killed.Id, 9);
            await killed.WaitForExitAsync();
        }

        Assert.Equal(0, await StartAndStopAsync());
    }

    [Fact]
    public async Task Up_SecondServerOnTheSameDataDirectory_FailsFastAndLeavesTheFirstRunning()
    {
        await using var first = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        var endpoint = await first.WaitUntilReadyAsync(DataDir);

        var second = await KumoProcess.RunAsync("up", "--port", "0", "--data-dir", DataDir);

        Assert.Equal(1, second.ExitCode);
        var line = Assert.Single(Lines(second.Stderr));
        Assert.StartsWith($"kumo: data directory '{DataDir}' is in use by another Kumo server (pid {first.Id}, at {endpoint.ToString().TrimEnd('/')})", line, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = endpoint };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        first.Signal(Signals.Terminate);
        await first.WaitForExitAsync();
    }

    [Theory]
    [InlineData("--port", "70000", "kumo: setting Port = '70000' (from --port) is not valid: use a whole number from 0 to 65535 (0 picks a free port)")]
    [InlineData("--bind", "my-host", "kumo: setting Bind = 'my-host' (from --bind) is not valid: use an IP address such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface), or localhost")]
    [InlineData("--drain-timeout", "soon", "kumo: setting DrainTimeoutSeconds = 'soon' (from --drain-timeout) is not valid: use a whole number from 0 to 3600 (seconds)")]
    public async Task Up_BadFlag_ExitsWithOneLineNamingKeyValueAndWhatIsAllowed(string flag, string value, string expected)
    {
        var kumo = await KumoProcess.RunAsync("up", flag, value, "--data-dir", DataDir);

        Assert.Equal(2, kumo.ExitCode);
        Assert.Equal(expected, Assert.Single(Lines(kumo.Stderr)));
        Assert.False(Directory.Exists(DataDir), "a refused start must not create the data directory");
    }

    [Fact]
    public async Task Up_BadEnvironmentVariable_NamesTheVariable()
    {
        var kumo = await KumoProcess.RunAsync(["up", "--data-dir", DataDir], new Dictionary<string, string> { ["KUMO_PORT"] = "eighty" });

        Assert.Equal(2, kumo.ExitCode);
        Assert.Equal(
            "kumo: setting Port = 'eighty' (from KUMO_PORT) is not valid: use a whole number from 0 to 65535 (0 picks a free port)",
            Assert.Single(Lines(kumo.Stderr)));
    }

    [Fact]
    public async Task Up_UnwritableDataDirectory_ExitsWithOneLine()
    {
        var file = _temp.Combine("a-file");
        await File.WriteAllTextAsync(file, "");

        var kumo = await KumoProcess.RunAsync("up", "--port", "0", "--data-dir", Path.Combine(file, "data"));

        Assert.Equal(1, kumo.ExitCode);
        var line = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith($"kumo: data directory '{Path.Combine(file, "data")}' cannot be created or written", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", kumo.Stdout + kumo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_PortTaken_ExitsWithOneLineAndReleasesTheDataDirectory()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var kumo = await KumoProcess.RunAsync("up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", DataDir);

        Assert.Equal(1, kumo.ExitCode);
        Assert.StartsWith($"kumo: cannot listen on 127.0.0.1:{port}:", Assert.Single(Lines(kumo.Stderr)), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", kumo.Stdout + kumo.Stderr, StringComparison.Ordinal);

        // The failed start released the data directory: another server can take it.
        Assert.Equal(0, await StartAndStopAsync());
    }

    [Fact]
    public async Task Up_SettingsFile_IsUsed()
    {
        var settings = _temp.Combine("kumo.settings.json");
        await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new { Kumo = new { Port = 0, DataDir = DataDir } }));

        await using var server = KumoProcess.Start(["up", "--config", settings]);
        await server.WaitUntilReadyAsync(DataDir);
        server.Signal(Signals.Terminate);
        await server.WaitForExitAsync();

        Assert.Equal(0, server.ExitCode);
        Assert.Contains($"settings   {settings}", server.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Starts a server on the data directory, waits until it is ready, stops it; returns its exit code.</summary>
    private async Task<int> StartAndStopAsync()
    {
        await using var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        await server.WaitUntilReadyAsync(DataDir);
        server.Signal(Signals.Terminate);
        await server.WaitForExitAsync();
        return server.ExitCode;
    }

    private static async Task<string> InstallationIdAsync(Uri endpoint)
    {
        using var http = new HttpClient { BaseAddress = endpoint };
        using var status = JsonDocument.Parse(await http.GetStringAsync("/_kumo/v1/status"));
        return status.RootElement.GetProperty("installationId").GetString()!;
    }
}
