using System.Net;
using System.Net.Sockets;

namespace Kumo.FunctionalTests.Samples;

/// <summary>The webapp sample's <c>deploy.sh</c> when it cannot deploy: it says why in one line, and what to do.</summary>
public sealed class WebAppDeployScriptTests
{
    [Fact]
    public async Task DeployScript_NothingAtTheEndpoint_SaysToStartKumo()
    {
        var endpoint = UnusedEndpoint();

        var run = await WebAppSample.DeployAsync(endpoint);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"webapp: nothing answers at {endpoint} (", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("): start Kumo first (./kumo up), or pass --endpoint URL.", run.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task DeployScript_EndpointNotAUrl_SaysWhatToGive()
    {
        var run = await WebAppSample.DeployAsync("localhost:7070");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "webapp: endpoint 'localhost:7070' is not valid: use an http:// or https:// URL such as http://localhost:7070",
            run.Stderr.Trim());
    }

    private static string UnusedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
