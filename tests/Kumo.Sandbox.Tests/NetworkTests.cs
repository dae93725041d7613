using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>Outbound network is off by default and, when a function asks for it, reaches out but never into the host.</summary>
[Collection(SandboxCollection.Name)]
public sealed class NetworkTests(DriverFixture fixture) : IDisposable
{
    private const string App = """
        import errno, socket, urllib.request

        # Read as the runtime loads the module, before any invocation: the network must already be there.
        ROUTES_AT_START = open("/proc/net/route").read()

        def routes(event, context):
            return ROUTES_AT_START

        def fetch(event, context):
            try:
                with urllib.request.urlopen(event["url"], timeout=5) as response:
                    return {"status": response.status}
            except OSError as error:
                reason = getattr(error, "reason", error)
                return {"error": errno.errorcode.get(getattr(reason, "errno", None), str(reason))}

        def connect(event, context):
            try:
                socket.create_connection((event["host"], event["port"]), timeout=3).close()
                return "connected"
            except OSError as error:
                return errno.errorcode.get(error.errno, str(error))

        def resolv(event, context):
            return open("/etc/resolv.conf").read()
        """;

    private readonly TempDirectory _code = DriverFixture.Code(("app.py", App, false));

    public void Dispose() => _code.Dispose();

    private Task<IReadOnlyList<Invocations.InvocationResult>> InvokeAsync(string handler, object e, bool network) =>
        SandboxRun.InvokeAsync(fixture, DriverFixture.Spec(_code, "python3.11", "app." + handler) with { OutboundNetwork = network }, e);

    [Fact]
    public async Task OutboundNetwork_Off_NothingBeyondTheSandboxIsReachable()
    {
        var host = new TestHost();
        await host.InitializeAsync();
        try
        {
            var result = (await InvokeAsync("fetch", new { url = $"http://{host.Address}:{host.Port}/" }, network: false))[0];

            Assert.True(result.Succeeded, SandboxRun.Describe(result));
            Assert.Equal("ENETUNREACH", SandboxRun.Json(result).GetProperty("error").GetString());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task OutboundNetwork_On_ReachesOtherHostsButNotTheHostsLoopback()
    {
        var host = new TestHost();
        await host.InitializeAsync();
        try
        {
            using var hostService = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            hostService.Start();
            var hostPort = ((System.Net.IPEndPoint)hostService.LocalEndpoint).Port;

            var results = await InvokeAsync("fetch", new { url = $"http://{host.Address}:{host.Port}/" }, network: true);
            // slirp4netns would forward 10.0.2.2 to the host's loopback, were it not disabled.
            var loopback = await InvokeAsync("connect", new { host = "10.0.2.2", port = hostPort }, network: true);
            var direct = await InvokeAsync("connect", new { host = "127.0.0.1", port = hostPort }, network: true);
            var resolv = await InvokeAsync("resolv", new { }, network: true);
            var routes = await InvokeAsync("routes", new { }, network: true);

            Assert.True(results[0].Succeeded, SandboxRun.Describe(results[0]));
            Assert.Equal(200, SandboxRun.Json(results[0]).GetProperty("status").GetInt32());
            Assert.Contains(SandboxRun.Json(loopback[0]).GetString(), new[] { "ENETUNREACH", "ECONNREFUSED" });
            Assert.Equal("ECONNREFUSED", SandboxRun.Json(direct[0]).GetString());
            Assert.False(hostService.Pending(), "a sandbox reached a service on the host's loopback");
            Assert.Equal("nameserver 10.0.2.3\n", SandboxRun.Json(resolv[0]).GetString());
            Assert.Matches(@"tap0\t00000000", SandboxRun.Json(routes[0]).GetString());
            Assert.Empty(DriverFixture.SlirpProcesses());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
