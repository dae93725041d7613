using System.Net;
using System.Net.Sockets;
using Kumo.Sandbox.Invocations;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>The python3.11 runtime, and the sandbox seen from inside a Python function.</summary>
[Collection(SandboxCollection.Name)]
public sealed class PythonRuntimeTests(DriverFixture fixture) : IDisposable
{
    private readonly TempDirectory _code = DriverFixture.Code(("app.py", PythonFunctions.App, false));

    public void Dispose() => _code.Dispose();

    private Task<InvocationResult> InvokeAsync(string handler, object e, int memoryMb = 128, double timeoutSeconds = 10) =>
        SandboxRun.InvokeOnceAsync(fixture, _code, "python3.11", "app." + handler, e, memoryMb, timeoutSeconds);

    [Fact]
    public async Task Hello_ReturnsResultWithLambdaContextAndEnvironment()
    {
        var spec = DriverFixture.Spec(_code, "python3.12", "app.hello") with
        {
            Environment = new Dictionary<string, string> { ["GREETING"] = "hi" },
        };

        var results = await SandboxRun.InvokeAsync(fixture, spec, new { name = "first" }, new { name = "second" });

        var first = results[0];
        Assert.True(first.Succeeded, SandboxRun.Describe(first));
        var body = SandboxRun.Json(first);
        Assert.Equal("first", body.GetProperty("event").GetProperty("name").GetString());
        Assert.Equal("test-function", body.GetProperty("function").GetString());
        Assert.Equal(128, body.GetProperty("memory").GetInt32());
        Assert.InRange(body.GetProperty("remaining").GetInt32(), 1, 10_000);
        Assert.Equal(spec.FunctionArn, body.GetProperty("arn").GetString());
        Assert.InRange(body.GetProperty("uid").GetInt32(), 2_000_000_000, 2_000_099_999);
        Assert.Equal("sbx_user1051", body.GetProperty("user").GetString());
        Assert.Equal("/var/task", body.GetProperty("cwd").GetString());
        var environment = body.GetProperty("env");
        Assert.Equal("/var/task", environment.GetProperty("LAMBDA_TASK_ROOT").GetString());
        Assert.Equal("app.hello", environment.GetProperty("_HANDLER").GetString());
        Assert.Equal("hi", environment.GetProperty("GREETING").GetString());
        Assert.Equal("us-east-1", environment.GetProperty("AWS_REGION").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, environment.GetProperty("KUMO_RUNTIME_SOCKET").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, environment.GetProperty("KUMO_GATEWAY_SOCKET").ValueKind);
        Assert.Equal("http://127.0.0.1:9002", environment.GetProperty("AWS_ENDPOINT_URL_S3").GetString());
        Assert.StartsWith("ASIAKUMO", environment.GetProperty("AWS_ACCESS_KEY_ID").GetString(), StringComparison.Ordinal);
        Assert.Contains("hello from test-function", first.Log, StringComparison.Ordinal);
        Assert.NotNull(first.InitDuration);

        var second = results[1];
        Assert.True(second.Succeeded, SandboxRun.Describe(second));
        Assert.Equal("second", SandboxRun.Json(second).GetProperty("event").GetProperty("name").GetString());
        Assert.Null(second.InitDuration);
        Assert.DoesNotContain("first", second.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exception_IsAFunctionErrorWithTypeMessageAndStack_AndTheSandboxStaysWarm()
    {
        var spec = DriverFixture.Spec(_code, "python3.11", "app.fail");
        var sandbox = await fixture.Driver.CreateAsync(spec, CancellationToken.None);
        try
        {
            var result = await sandbox.InvokeAsync(SandboxRun.Event(new { what = "x" }), CancellationToken.None);

            Assert.Equal(InvocationStatus.FunctionError, result.Status);
            Assert.Equal("ValueError", result.ErrorType);
            var error = SandboxRun.Json(result);
            Assert.Equal("bad input: x", error.GetProperty("errorMessage").GetString());
            Assert.Equal("ValueError", error.GetProperty("errorType").GetString());
            Assert.NotEmpty(error.GetProperty("stackTrace").EnumerateArray());
            Assert.Contains("[ERROR] ValueError: bad input: x", result.Log, StringComparison.Ordinal);
            Assert.True(sandbox.IsReusable);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        await fixture.AssertGoneAsync(sandbox.Id);
    }

    [Theory]
    [InlineData("missing_module.handler", "Runtime.ImportModuleError", "Unable to import module 'missing_module'")]
    [InlineData("app.no_such_function", "Runtime.HandlerNotFound", "Handler 'no_such_function' missing on module 'app'")]
    [InlineData("nodot", "Runtime.MalformedHandlerName", "Bad handler 'nodot'")]
    public async Task BadHandler_IsAnInitErrorInLambdasShape(string handler, string errorType, string message)
    {
        var result = await SandboxRun.InvokeOnceAsync(fixture, _code, "python3.11", handler, new { });

        Assert.Equal(InvocationStatus.InitError, result.Status);
        Assert.Equal(errorType, result.ErrorType);
        Assert.Contains(message, SandboxRun.Json(result).GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_KillsTheSandboxAndSaysSo()
    {
        var result = await InvokeAsync("sleep", new { seconds = 60 }, timeoutSeconds: 1);

        Assert.Equal(InvocationStatus.TimedOut, result.Status);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.EndsWith("Task timed out after 1.00 seconds", SandboxRun.Json(result).GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Contains("Task timed out after 1.00 seconds", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutOfMemory_KillsTheSandboxWithAClearError()
    {
        var result = await InvokeAsync("hog", new { megabytes = 400 }, memoryMb: 128);

        Assert.True(result.Status == InvocationStatus.OutOfMemory, SandboxRun.Describe(result));
        Assert.Equal("Runtime.OutOfMemory", result.ErrorType);
        Assert.Contains("Runtime exited with error: signal: killed", SandboxRun.Json(result).GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForkBomb_EndsInEagainAndLeavesNothing()
    {
        var result = await InvokeAsync("fork_bomb", new { }, memoryMb: 2048, timeoutSeconds: 30);

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var body = SandboxRun.Json(result);
        Assert.Equal("EAGAIN", body.GetProperty("errno").GetString());
        Assert.InRange(body.GetProperty("children").GetInt32(), 1, 1024);
    }

    [Fact]
    public async Task SetsidEscape_IsKilledWithTheSandbox()
    {
        // SandboxRun checks, after disposal, that no process of the sandbox's cgroup is alive.
        var result = await InvokeAsync("escape", new { });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
    }

    [Fact]
    public async Task Writes_OnlyTmpIsWritable()
    {
        var result = await InvokeAsync("try_write", new { });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var body = SandboxRun.Json(result);
        Assert.Equal("written", body.GetProperty("/tmp/x").GetString());
        foreach (var path in new[] { "/var/task/x", "/etc/x", "/usr/x", "/x", "/var/runtime/x" })
        {
            Assert.Contains(body.GetProperty(path).GetString(), new[] { "EROFS", "EACCES" });
        }
    }

    [Fact]
    public async Task Reads_HostSecretsAreNotThere()
    {
        var result = await InvokeAsync("try_read", new { });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var body = SandboxRun.Json(result);
        Assert.Equal("ENOENT", body.GetProperty("/etc/shadow").GetString());
        Assert.Equal("read", body.GetProperty("/etc/passwd").GetString());
        Assert.NotEqual("read", body.GetProperty("/proc/kcore").GetString());
        Assert.NotEqual("read", body.GetProperty("/root/.bashrc").GetString());
    }

    [Fact]
    public async Task Connect_ToAPortOnTheHostsLoopback_IsRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await InvokeAsync("try_connect", new { port });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("ECONNREFUSED", SandboxRun.Json(result).GetString());
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Privileges_NoCapabilitiesNoNewPrivilegesSeccompAndNoNamespaces()
    {
        var result = await InvokeAsync("privileges", new { });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var body = SandboxRun.Json(result);
        Assert.Equal("0000000000000000", body.GetProperty("CapEff").GetString());
        Assert.Equal("0000000000000000", body.GetProperty("CapBnd").GetString());
        Assert.Equal("1", body.GetProperty("NoNewPrivs").GetString());
        Assert.Equal("2", body.GetProperty("Seccomp").GetString());
        Assert.Equal("EPERM", body.GetProperty("unshare")[1].GetString());
        Assert.Equal("EPERM", body.GetProperty("mount")[1].GetString());
        Assert.Equal("EPERM", body.GetProperty("io_uring")[1].GetString());
        Assert.Equal("EPERM", body.GetProperty("vsock").GetString());
        Assert.Equal("sandbox", body.GetProperty("hostname").GetString());
        Assert.InRange(body.GetProperty("pid").GetInt32(), 2, 100);
    }

    [Fact]
    public async Task LogFlood_IsCutWithAMarker()
    {
        var result = await InvokeAsync("chatty", new { lines = 2000 });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Contains("[kumo] log truncated", result.Log, StringComparison.Ordinal);
        Assert.InRange(result.Log.Length, 1, (256 * 1024) + 200);
    }

    [Fact]
    public async Task ForgedDrainMarkers_AreJustLogLines()
    {
        var result = await InvokeAsync("forge_markers", new { lines = 20_000 });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Contains("kumo-drain:0", result.Log, StringComparison.Ordinal);
        Assert.Contains("[kumo] log truncated", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputWithoutNewlines_IsCutIntoBoundedLines()
    {
        var result = await InvokeAsync("no_newline", new { megabytes = 64 }, memoryMb: 512);

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Contains("[kumo] log truncated", result.Log, StringComparison.Ordinal);
        Assert.InRange(result.Log.Length, 1, (256 * 1024) + 200);
    }

    [Fact]
    public async Task TraceHeader_IsTheTraceEnvironmentVariable_AndLoggingUsesLambdasFormat()
    {
        var request = SandboxRun.Event(new { }) with { TraceId = "Root=1-67891233-abcdef012345678912345678;Sampled=1" };
        using var code = DriverFixture.Code(("app.py", PythonFunctions.App, false));
        var sandbox = await fixture.Driver.CreateAsync(DriverFixture.Spec(code, "python3.11", "app.traced"), CancellationToken.None);
        InvocationResult result;
        try
        {
            result = await sandbox.InvokeAsync(request, CancellationToken.None);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal(request.TraceId, SandboxRun.Json(result).GetString());
        Assert.Matches($@"\[INFO\]\t\d{{4}}-[^\t]+Z\t{request.RequestId}\tlogged info", result.Log);
        Assert.DoesNotContain("not logged", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TmpFiles_CountAgainstMemory()
    {
        var result = await InvokeAsync("fill_tmp", new { megabytes = 300 }, memoryMb: 128);

        Assert.Equal(InvocationStatus.OutOfMemory, result.Status);
    }

    [Fact]
    public async Task SyntaxError_IsUserCodeSyntaxError()
    {
        using var code = DriverFixture.Code(("broken.py", "def handler(event, context)\n    return 1\n", false));

        var result = await SandboxRun.InvokeOnceAsync(fixture, code, "python3.11", "broken.handler", new { });

        Assert.Equal(InvocationStatus.InitError, result.Status);
        Assert.Equal("Runtime.UserCodeSyntaxError", result.ErrorType);
    }

    [Fact]
    public async Task PackageModulePath_IsImported()
    {
        using var code = DriverFixture.Code(("pkg/__init__.py", "", false), ("pkg/orders.py", "def handle(event, context):\n    return 'from a package'\n", false));

        var result = await SandboxRun.InvokeOnceAsync(fixture, code, "python3.11", "pkg/orders.handle", new { });

        Assert.Equal("\"from a package\"", System.Text.Encoding.UTF8.GetString(result.Payload.Span));
    }

    [Fact]
    public async Task UnserialisableResult_IsAMarshalError()
    {
        var result = await InvokeAsync("not_json", new { });

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("Runtime.MarshalError", result.ErrorType);
    }

    [Fact]
    public async Task RuntimeExit_IsReportedWithItsStatus()
    {
        var result = await InvokeAsync("crash", new { });

        Assert.Equal(InvocationStatus.RuntimeExited, result.Status);
        Assert.Equal("Runtime.ExitError", result.ErrorType);
        Assert.Contains("Runtime exited with error: exit status 3", SandboxRun.Json(result).GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }
}
