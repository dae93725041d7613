using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>Outbound network is off by default and, when a function asks for it, reaches out but never into the host.</summary>
[Collection(SandboxCollection.Name)]
public sealed class NetworkTests(DriverFixture fixture) : IDisposable
{
    private const string App = """
        import errno, socket, urllib.request

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
            var results = await InvokeAsync("fetch", new { url = $"http://{host.Address}:{host.Port}/" }, network: true);
            var loopback = await InvokeAsync("connect", new { host = "10.0.2.2", port = 22 }, network: true);
            var resolv = await InvokeAsync("resolv", new { }, network: true);

            Assert.True(results[0].Succeeded, SandboxRun.Describe(results[0]));
            Assert.Equal(200, SandboxRun.Json(results[0]).GetProperty("status").GetInt32());
            Assert.Contains(SandboxRun.Json(loopback[0]).GetString(), new[] { "ENETUNREACH", "ECONNREFUSED" });
            Assert.Equal("nameserver 10.0.2.3\n", SandboxRun.Json(resolv[0]).GetString());
            Assert.Empty(DriverFixture.SlirpProcesses());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
