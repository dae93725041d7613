using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kumo.Testing;

namespace Kumo.FunctionalTests;

/// <summary>The verbs that talk to a server, and the command line's own errors.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Status_AgainstARunningServer_ShowsItReadyAsTableAndJson()
    {
        var dataDir = _temp.Combine(".kumo");
        await using var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", dataDir]);
        var endpoint = (await server.WaitUntilReadyAsync(dataDir)).ToString().TrimEnd('/');

        var table = await KumoProcess.RunAsync("status", "--endpoint", endpoint);
        var json = await KumoProcess.RunAsync(["status", "--json"], new Dictionary<string, string> { ["KUMO_ENDPOINT"] = endpoint });

        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"at {endpoint}: ready", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(dataDir, table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("ready", document.RootElement.GetProperty("state").GetString());
        Assert.Equal(server.Id, document.RootElement.GetProperty("processId").GetInt32());
        server.Signal(Signals.Terminate);
        await server.WaitForExitAsync();
    }

    [Fact]
    public async Task Status_NoServer_ExitsOneWithOneLine()
    {
        int freePort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            freePort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var kumo = await KumoProcess.RunAsync("status", "--endpoint", $"http://127.0.0.1:{freePort}");

        Assert.Equal(1, kumo.ExitCode);
        var line = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith($"kumo: no Kumo server answers at http://127.0.0.1:{freePort}/", line, StringComparison.Ordinal);
        Assert.Contains("kumo up", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EndpointNotAUrl_IsAUsageError()
    {
        var kumo = await KumoProcess.RunAsync("status", "--endpoint", "localhost:7070");

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains("is not valid: use an http:// or https:// URL", Assert.Single(Lines(kumo.Stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheBuildsVersion()
    {
        var kumo = await KumoProcess.RunAsync("version");

        Assert.Equal(0, kumo.ExitCode);
        Assert.Matches(@"^kumo \d+\.\d+\.\d+", kumo.Stdout);
    }

    [Fact]
    public async Task UnknownVerb_IsAUsageErrorWithAHint()
    {
        var kumo = await KumoProcess.RunAsync("deploy-everything");

        Assert.Equal(2, kumo.ExitCode);
        Assert.Equal(
            ["kumo: Unrecognized command or argument 'deploy-everything'.", "Run 'kumo --help' for usage."],
            Lines(kumo.Stderr));
    }

    [Fact]
    public async Task Help_ListsTheVerbs()
    {
        var kumo = await KumoProcess.RunAsync("--help");

        Assert.Equal(0, kumo.ExitCode);
        Assert.Contains("up", kumo.Stdout, StringComparison.Ordinal);
        Assert.Contains("status", kumo.Stdout, StringComparison.Ordinal);
        Assert.Contains("version", kumo.Stdout, StringComparison.Ordinal);
    }
}
