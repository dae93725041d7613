using System.Net;
using System.Net.Sockets;
using Kumo.Sandbox.Invocations;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>The Runtime API's contract, driven by a custom runtime that speaks raw HTTP.</summary>
[Collection(SandboxCollection.Name)]
public sealed class RuntimeApiTests(DriverFixture fixture) : IDisposable
{
    private const string Bootstrap = """
        #!/usr/bin/python3.11
        import http.client, json, os
        host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
        conn = http.client.HTTPConnection(host, int(port))
        def call(method, path, body=None, headers={}):
            global conn
            for attempt in (1, 2):
                try:
                    conn.request(method, "/2018-06-01/runtime" + path, body=body, headers=headers)
                    r = conn.getresponse()
                    return r, r.read()
                except (http.client.HTTPException, ConnectionError):
                    # The Runtime API may close a connection after refusing a request (a 413, say).
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port))
                    if attempt == 2:
                        raise
        while True:
            r, body = call("GET", "/invocation/next")
            rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
            event = json.loads(body)
            if event["mode"] == "headers":
                out = {h: r.getheader(h) for h in ["Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms", "Lambda-Runtime-Invoked-Function-Arn",
                       "Lambda-Runtime-Trace-Id", "Lambda-Runtime-Client-Context", "Lambda-Runtime-Cognito-Identity", "Content-Type"]}
                call("POST", f"/invocation/{rid}/response", json.dumps(out))
            elif event["mode"] == "wrong-id":
                wrong, wrong_body = call("POST", "/invocation/not-the-id/response", "{}")
                call("POST", f"/invocation/{rid}/response", json.dumps({"status": wrong.status, "body": json.loads(wrong_body)}))
            elif event["mode"] == "too-large":
                big, big_body = call("POST", f"/invocation/{rid}/response", "x" * (7 * 1024 * 1024))
                last = {"status": big.status, "body": json.loads(big_body)}
            elif event["mode"] == "last":
                call("POST", f"/invocation/{rid}/response", json.dumps(last))
            elif event["mode"] == "direct":
                import socket
                raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                raw.connect("/run/kumo/runtime.sock")
                raw.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer = raw.recv(4096).decode()
                call("POST", f"/invocation/{rid}/response", json.dumps({"status": answer.split(" ")[1]}))
            elif event["mode"] == "many-connections":
                import socket
                served = 0
                for _ in range(20):
                    s = socket.create_connection((host, int(port)))
                    s.settimeout(5)
                    try:
                        s.sendall(b"GET /2018-06-01/runtime/nothing HTTP/1.1\r\nHost: x\r\n\r\n")
                        if s.recv(64).startswith(b"HTTP/1.1"):
                            served += 1
                    except OSError:
                        pass
                    globals().setdefault("held", []).append(s)
                call("POST", f"/invocation/{rid}/response", json.dumps({"served": served}))
            elif event["mode"] == "error-text":
                call("POST", f"/invocation/{rid}/error", "plain words", {"Lambda-Runtime-Function-Error-Type": "Custom.Failure"})
        """;

    private readonly TempDirectory _code = DriverFixture.Code(("bootstrap", Bootstrap, true));

    public void Dispose() => _code.Dispose();

    private async Task<InvocationResult> InvokeAsync(InvocationRequest request) => (await InvokeAsync([request]))[0];

    private async Task<InvocationResult[]> InvokeAsync(InvocationRequest[] requests)
    {
        var sandbox = await fixture.Driver.CreateAsync(DriverFixture.Spec(_code, "provided", "x"), CancellationToken.None);
        try
        {
            var results = new List<InvocationResult>();
            foreach (var request in requests)
            {
                results.Add(await sandbox.InvokeAsync(request, CancellationToken.None));
            }

            return [.. results];
        }
        finally
        {
            await sandbox.DisposeAsync();
            await fixture.AssertGoneAsync(sandbox.Id);
        }
    }

    [Fact]
    public async Task Next_CarriesLambdasHeaders()
    {
        var before = DateTimeOffset.UtcNow;
        var request = SandboxRun.Event(new { mode = "headers" }) with
        {
            TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            ClientContext = "eyJjdXN0b20iOnt9fQ==",
            CognitoIdentity = """{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}""",
        };

        var result = await InvokeAsync(request);

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var headers = SandboxRun.Json(result);
        Assert.Equal(request.RequestId, headers.GetProperty("Lambda-Runtime-Aws-Request-Id").GetString());
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(headers.GetProperty("Lambda-Runtime-Deadline-Ms").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(deadline, before.AddSeconds(9), DateTimeOffset.UtcNow.AddSeconds(11));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:test-function", headers.GetProperty("Lambda-Runtime-Invoked-Function-Arn").GetString());
        Assert.Equal(request.TraceId, headers.GetProperty("Lambda-Runtime-Trace-Id").GetString());
        Assert.Equal(request.ClientContext, headers.GetProperty("Lambda-Runtime-Client-Context").GetString());
        Assert.Equal(request.CognitoIdentity, headers.GetProperty("Lambda-Runtime-Cognito-Identity").GetString());
        Assert.Equal("application/json", headers.GetProperty("Content-Type").GetString());
    }

    [Fact]
    public async Task Response_ForAnotherRequestId_Is400InvalidRequestID()
    {
        var result = await InvokeAsync(SandboxRun.Event(new { mode = "wrong-id" }));

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var answer = SandboxRun.Json(result);
        Assert.Equal(400, answer.GetProperty("status").GetInt32());
        Assert.Equal("InvalidRequestID", answer.GetProperty("body").GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Response_Over6MB_Is413AndTheInvocationFails()
    {
        var results = await InvokeAsync([SandboxRun.Event(new { mode = "too-large" }), SandboxRun.Event(new { mode = "last" })]);

        Assert.Equal(InvocationStatus.FunctionError, results[0].Status);
        Assert.Equal("Function.ResponseSizeTooLarge", results[0].ErrorType);
        Assert.True(results[1].Succeeded, SandboxRun.Describe(results[1]));
        var seenByRuntime = SandboxRun.Json(results[1]);
        Assert.Equal(413, seenByRuntime.GetProperty("status").GetInt32());
        Assert.Equal("RequestEntityTooLarge", seenByRuntime.GetProperty("body").GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Error_WithABodyThatIsNotJson_IsWrappedInLambdasShape()
    {
        var result = await InvokeAsync(SandboxRun.Event(new { mode = "error-text" }));

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("Custom.Failure", result.ErrorType);
        var error = SandboxRun.Json(result);
        Assert.Equal("plain words", error.GetProperty("errorMessage").GetString());
        Assert.Equal("Custom.Failure", error.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Connection_FromOutsideAnySandbox_IsForbidden()
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(fixture.Layout.RuntimeSocket), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

        using var response = await http.GetAsync("http://sandbox/2018-06-01/runtime/invocation/next");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("\"errorType\":\"Forbidden\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_FromTheFunctionStraightToTheSocket_IsForbidden()
    {
        var result = await InvokeAsync(SandboxRun.Event(new { mode = "direct" }));

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("403", SandboxRun.Json(result).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Connections_BeyondTheLimitPerSandbox_AreRefused_AndTheSandboxStillWorks()
    {
        var results = await InvokeAsync([SandboxRun.Event(new { mode = "many-connections" }), SandboxRun.Event(new { mode = "headers" })]);

        Assert.True(results[0].Succeeded, SandboxRun.Describe(results[0]));
        // The runtime's own keep-alive connection is one of the 8; of 20 more, 7 are served.
        Assert.Equal(7, SandboxRun.Json(results[0]).GetProperty("served").GetInt32());
        Assert.True(results[1].Succeeded, SandboxRun.Describe(results[1]));
    }

    [Fact]
    public async Task Bootstrap_Missing_IsAnInvalidEntrypoint()
    {
        using var code = DriverFixture.Code(("README", "no bootstrap here", false));

        var result = await SandboxRun.InvokeOnceAsync(fixture, code, "provided.al2023", "x", new { });

        Assert.Equal("Runtime.InvalidEntrypoint", result.ErrorType);
    }

    [Fact]
    public async Task Bootstrap_NotExecutable_IsAnInvalidEntrypoint()
    {
        using var code = DriverFixture.Code(("bootstrap", "#!/bin/sh\necho never\n", false));

        var result = await SandboxRun.InvokeOnceAsync(fixture, code, "provided.al2", "x", new { });

        Assert.Equal(InvocationStatus.RuntimeExited, result.Status);
        Assert.Equal("Runtime.InvalidEntrypoint", result.ErrorType);
        Assert.Contains("kumo-init: cannot start '/var/task/bootstrap'", result.Log, StringComparison.Ordinal);
    }
}
