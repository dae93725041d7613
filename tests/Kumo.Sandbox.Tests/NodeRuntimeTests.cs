using Kumo.Sandbox.Invocations;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>The nodejs runtimes: CommonJS and ES modules, async and callback handlers, errors.</summary>
[Collection(SandboxCollection.Name)]
public sealed class NodeRuntimeTests(DriverFixture fixture) : IDisposable
{
    private readonly TempDirectory _code = DriverFixture.Code(
        ("index.js", """
            exports.hello = async (event, context) => {
              console.log('hello', event.name);
              return { hello: event.name, requestId: context.awsRequestId, fn: context.functionName,
                       remaining: context.getRemainingTimeInMillis(), memory: context.memoryLimitInMB };
            };
            exports.callback = (event, context, callback) => { setTimeout(() => callback(null, { via: 'callback' }), 10); };
            exports.fail = async () => { throw new TypeError('not a number'); };
            exports.nested = { deeper: { handler: async () => 'nested' } };
            exports.nothing = async () => undefined;
            exports.traced = async () => ({ trace: process.env._X_AMZN_TRACE_ID ?? null });
            exports.sleep = () => new Promise((resolve) => setTimeout(resolve, 600_000));
            exports.hog = async () => { const blocks = []; for (;;) blocks.push(Buffer.alloc(16 * 1024 * 1024, 1)); };
            """, false),
        ("esm/app.mjs", """
            export const handler = async (event) => ({ module: 'esm', echo: event });
            """, false),
        ("typed/package.json", """{ "type": "module" }""", false),
        ("typed/main.js", """
            export const handler = async () => ({ module: 'esm in .js' });
            """, false),
        ("legacy.js", """
            exports.handler = (event, context) => { context.succeed({ via: 'succeed' }); };
            exports.failing = (event, context) => { context.fail(new RangeError('out of range')); };
            """, false),
        ("broken.js", "exports.handler = async () => { return 1 +; };\n", false));

    public void Dispose() => _code.Dispose();

    private Task<InvocationResult> InvokeAsync(string handler, object e, string runtime = "nodejs20.x") =>
        SandboxRun.InvokeOnceAsync(fixture, _code, runtime, handler, e);

    [Fact]
    public async Task AsyncHandler_ReturnsResultWithContextAndLambdaLogFormat()
    {
        var result = await InvokeAsync("index.hello", new { name = "node" }, "nodejs22.x");

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var body = SandboxRun.Json(result);
        Assert.Equal("node", body.GetProperty("hello").GetString());
        Assert.Equal("test-function", body.GetProperty("fn").GetString());
        Assert.Equal("128", body.GetProperty("memory").GetString());
        Assert.True(body.GetProperty("remaining").GetInt32() > 0);
        var requestId = body.GetProperty("requestId").GetString();
        Assert.Matches($@"\d{{4}}-\d\d-\d\dT[^\t]+Z\t{requestId}\tINFO\thello node", result.Log);
    }

    [Fact]
    public async Task CallbackHandler_ReturnsWhatItPassesToTheCallback()
    {
        var result = await InvokeAsync("index.callback", new { });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("callback", SandboxRun.Json(result).GetProperty("via").GetString());
    }

    [Fact]
    public async Task EsModuleInAFolder_IsLoaded()
    {
        var result = await InvokeAsync("esm/app.handler", new { a = 1 });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("esm", SandboxRun.Json(result).GetProperty("module").GetString());
    }

    [Fact]
    public async Task JsFileInAModulePackage_IsLoadedAsAnEsModule()
    {
        var result = await InvokeAsync("typed/main.handler", new { });

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("esm in .js", SandboxRun.Json(result).GetProperty("module").GetString());
    }

    [Fact]
    public async Task LegacyContextSucceedAndFail_Work()
    {
        var succeeded = await InvokeAsync("legacy.handler", new { });
        var failed = await InvokeAsync("legacy.failing", new { });

        Assert.Equal("succeed", SandboxRun.Json(succeeded).GetProperty("via").GetString());
        Assert.Equal("RangeError", failed.ErrorType);
    }

    [Fact]
    public async Task NestedHandlerAndUndefinedResult_Work()
    {
        var nested = await InvokeAsync("index.nested.deeper.handler", new { });
        var nothing = await InvokeAsync("index.nothing", new { });

        Assert.Equal("\"nested\"", System.Text.Encoding.UTF8.GetString(nested.Payload.Span));
        Assert.Equal("null", System.Text.Encoding.UTF8.GetString(nothing.Payload.Span));
    }

    [Fact]
    public async Task ThrownError_IsAFunctionErrorWithTypeMessageAndTrace()
    {
        var result = await InvokeAsync("index.fail", new { });

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("TypeError", result.ErrorType);
        var error = SandboxRun.Json(result);
        Assert.Equal("not a number", error.GetProperty("errorMessage").GetString());
        Assert.NotEmpty(error.GetProperty("trace").EnumerateArray());
    }

    [Fact]
    public async Task Timeout_KillsTheSandbox()
    {
        var result = await SandboxRun.InvokeOnceAsync(fixture, _code, "nodejs20.x", "index.sleep", new { }, timeoutSeconds: 1);

        Assert.Equal(InvocationStatus.TimedOut, result.Status);
        Assert.Contains("Task timed out after 1.00 seconds", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutOfMemory_OutsideTheJsHeap_IsRuntimeOutOfMemory()
    {
        var result = await SandboxRun.InvokeOnceAsync(fixture, _code, "nodejs20.x", "index.hog", new { });

        Assert.True(result.Status == InvocationStatus.OutOfMemory, SandboxRun.Describe(result));
        Assert.Equal("Runtime.OutOfMemory", result.ErrorType);
    }

    [Fact]
    public async Task TraceHeader_IsTheTraceEnvironmentVariable_ForThatInvocationOnly()
    {
        var traced = SandboxRun.Event(new { }) with { TraceId = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1" };

        var results = await SandboxRun.InvokeRequestsAsync(fixture, DriverFixture.Spec(_code, "nodejs20.x", "index.traced"), traced, SandboxRun.Event(new { }));

        Assert.All(results, r => Assert.True(r.Succeeded, SandboxRun.Describe(r)));
        Assert.Equal(traced.TraceId, SandboxRun.Json(results[0]).GetProperty("trace").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, SandboxRun.Json(results[1]).GetProperty("trace").ValueKind);
    }

    [Theory]
    [InlineData("missing.handler", "Runtime.ImportModuleError")]
    [InlineData("index.absent", "Runtime.HandlerNotFound")]
    [InlineData("broken.handler", "Runtime.UserCodeSyntaxError")]
    [InlineData("index", "Runtime.MalformedHandlerName")]
    public async Task BadHandler_IsAnInitError(string handler, string errorType)
    {
        var result = await InvokeAsync(handler, new { });

        Assert.Equal(InvocationStatus.InitError, result.Status);
        Assert.Equal(errorType, result.ErrorType);
    }
}
