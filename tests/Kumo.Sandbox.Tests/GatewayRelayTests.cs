using System.Net.Sockets;
using System.Security.Cryptography;
using Kumo.Sandbox.Gateway;
using Kumo.Sandbox.RuntimeApi;
using Kumo.Sandbox.Stems;
using Kumo.Sandbox.Tests.Stems;
using Kumo.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Kumo.Sandbox.Tests;

/// <summary>
/// kumo-init's second relay: the function's 127.0.0.1:9002 to the gateway socket, served here by a small
/// stand-in for the server's pipeline that listens as the server does (<see cref="SandboxGatewayListener"/>).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class GatewayRelayTests(DriverFixture fixture) : IAsyncLifetime
{
    private const string App = """
        import hashlib, http.client, json, os, socket, time

        held = []

        def handler(event, context):
            return globals()[event["mode"]](event, context)

        def echo(event, context):
            body = os.urandom(event["bytes"])
            # Bytes that look like a runtime's answer pass through untouched: this relay is a plain pipe.
            body = b"POST /2018-06-01/runtime/invocation/" + context.aws_request_id.encode() + b"/response HTTP/1.1\r\n" + body
            host, port = os.environ["AWS_ENDPOINT_URL"].removeprefix("http://").split(":")
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            conn.request("POST", "/echo", body=body)
            answer = conn.getresponse()
            echoed = answer.read()
            return {"status": answer.status, "sent": hashlib.sha256(body).hexdigest(), "echoed": hashlib.sha256(echoed).hexdigest(),
                    "received": answer.getheader("X-Received-Sha256"), "host": answer.getheader("X-Host")}

        def direct(event, context):
            raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            raw.settimeout(10)
            raw.connect("/run/kumo/gateway.sock")
            try:
                raw.sendall(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return {"answer": raw.recv(4096).decode()}
            except (BrokenPipeError, ConnectionResetError):
                # Closed before the request was even written, or with it unread.
                return {"answer": ""}

        def many(event, context):
            served = 0
            for _ in range(event["connections"]):
                s = socket.create_connection(("127.0.0.1", 9002))
                s.settimeout(10)
                try:
                    s.sendall(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        served += 1
                except OSError:
                    pass
                held.append(s)
            return {"served": served}

        def release(event, context):
            for s in held:
                s.close()
            held.clear()
            # kumo-init sees the closes in its own time: until then a new connection may still be over the limit.
            deadline = time.monotonic() + 5
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", 9002, timeout=10)
                    conn.request("GET", "/hello")
                    return {"status": conn.getresponse().status}
                except (http.client.HTTPException, ConnectionError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        """;

    private readonly TempDirectory _code = DriverFixture.Code(("app.py", App, false));
    private WebApplication _gateway = null!;

    public async Task InitializeAsync()
    {
        // A socket left behind by a crashed run is removed before the listener binds.
        await File.WriteAllTextAsync(fixture.Layout.GatewaySocket, "stale");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => SandboxGatewayListener.Listen(kestrel, fixture.Layout, fixture.Driver.Registry));
        _gateway = builder.Build();
        _gateway.MapGet("/hello", () => "hello");
        _gateway.MapPost("/echo", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            context.Response.Headers["X-Received-Sha256"] = Convert.ToHexStringLower(SHA256.HashData(body.ToArray()));
            context.Response.Headers["X-Host"] = context.Request.Host.Value;
            await context.Response.Body.WriteAsync(body.ToArray());
        });
        await _gateway.StartAsync();
        SocketFolder.OpenToSandboxes(fixture.Layout.GatewaySocket);
    }

    public async Task DisposeAsync()
    {
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        Assert.False(File.Exists(fixture.Layout.GatewaySocket), "the gateway socket remains");
        _code.Dispose();
    }

    private async Task<System.Text.Json.JsonElement> InvokeAsync(object e)
    {
        var result = (await SandboxRun.InvokeAsync(fixture, DriverFixture.Spec(_code, "python3.11", "app.handler"), e))[0];
        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        return SandboxRun.Json(result);
    }

    [Fact]
    public async Task Port9002_RelaysAFunctionsRequestByteForByte_BothWays()
    {
        var answer = await InvokeAsync(new { mode = "echo", bytes = 1_000_000 });

        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Equal(answer.GetProperty("sent").GetString(), answer.GetProperty("received").GetString());
        Assert.Equal(answer.GetProperty("sent").GetString(), answer.GetProperty("echoed").GetString());
        Assert.Equal("127.0.0.1:9002", answer.GetProperty("host").GetString());
    }

    [Fact]
    public async Task GatewaySocket_FromTheFunctionStraight_IsClosedUnanswered()
    {
        var answer = await InvokeAsync(new { mode = "direct" });

        Assert.Equal("", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task GatewaySocket_FromAHostProcess_IsClosedUnanswered()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(fixture.Layout.GatewaySocket));

        var buffer = new byte[64];
        int read;
        try
        {
            await socket.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (SocketException)
        {
            read = 0;
        }

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task Connections_BeyondTheLimitPerSandbox_AreRefused_AndTheSandboxStillWorks()
    {
        var spec = DriverFixture.Spec(_code, "python3.11", "app.handler", memoryMb: 256);
        var sandbox = await fixture.Driver.CreateAsync(spec, CancellationToken.None);
        try
        {
            var many = await sandbox.InvokeAsync(SandboxRun.Event(new { mode = "many", connections = SandboxSession.MaxGatewayConnections + 6 }), CancellationToken.None);
            var release = await sandbox.InvokeAsync(SandboxRun.Event(new { mode = "release" }), CancellationToken.None);

            Assert.True(many.Succeeded, SandboxRun.Describe(many));
            Assert.Equal(SandboxSession.MaxGatewayConnections, SandboxRun.Json(many).GetProperty("served").GetInt32());
            Assert.True(release.Succeeded, SandboxRun.Describe(release));
            Assert.Equal(200, SandboxRun.Json(release).GetProperty("status").GetInt32());
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        await fixture.AssertGoneAsync(sandbox.Id);
    }

    [Fact]
    public async Task Port9002_FromAStemCellNotYetSpecialised_IsClosedUnanswered_ThenServesItsFunction()
    {
        using var code = CachedCode.Write(fixture.Layout, ("app.py", App, false));
        var stem = await StemRun.ReadyStemAsync(fixture, new StemCellKind(StemCellFit.Generic, 512));
        try
        {
            // A process in the stem (started here with runc exec) before the hand-over: only Kumo's code runs there.
            var before = await StemRun.ExecPythonAsync(fixture, stem.Id, """
                import socket
                s = socket.create_connection(("127.0.0.1", 9002), timeout=10)
                try:
                    s.sendall(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    print(repr(s.recv(4096)))
                except (BrokenPipeError, ConnectionResetError):
                    print(repr(b""))
                """);
            var sandbox = await stem.SpecializeAsync(code.Spec("python3.11", "app.handler"), CancellationToken.None);
            var after = await sandbox.InvokeAsync(SandboxRun.Event(new { mode = "echo", bytes = 1000 }), CancellationToken.None);

            Assert.Equal("b''", before);
            Assert.True(after.Succeeded, SandboxRun.Describe(after));
            Assert.Equal(200, SandboxRun.Json(after).GetProperty("status").GetInt32());
        }
        finally
        {
            await stem.DisposeAsync();
        }

        await StemRun.AssertGoneAsync(fixture, stem.Id);
    }

    [Fact]
    public void Listen_DataDirectoryTooLongForASocketPath_SaysWhatToDo()
    {
        var layout = new SandboxLayout("/" + new string('d', 120), fixture.Layout.RuntimeDirectory);

        var error = Assert.Throws<SandboxException>(() => SandboxGatewayListener.Listen(new KestrelServerOptions(), layout, fixture.Driver.Registry));

        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
        Assert.Contains("--data-dir", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout.Root));
    }
}
