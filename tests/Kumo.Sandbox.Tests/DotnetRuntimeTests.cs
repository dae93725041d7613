using System.Globalization;
using System.Reflection;
using System.Text;
using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.Tests;

/// <summary>
/// The dotnet runtimes: a plain class library from samples/, a function written against AWS's programming
/// model, and an executable assembly. The AWS-style function is built against a stand-in Amazon.Lambda.Core
/// (tests/Functions/Amazon.Lambda.Core) that declares AWS's documented contract, because the real package
/// cannot be restored here; Kumo's runtime only ever reaches it by reflection, as it would the real one.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class DotnetRuntimeTests(DriverFixture fixture)
{
    private static readonly string OutputPattern = typeof(DotnetRuntimeTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutput").Value!;

    private static SandboxSpec Spec(string project, string handler, string runtime = "dotnet8") => new()
    {
        FunctionName = "dotnet-function",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:dotnet-function",
        Runtime = runtime,
        Handler = handler,
        CodeDirectory = string.Format(CultureInfo.InvariantCulture, OutputPattern, project),
        MemoryMb = 256,
        Timeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task PlainClassLibrarySample_RunsWithSystemTextJson()
    {
        var results = await SandboxRun.InvokeAsync(fixture, Spec("HelloFunction", "HelloFunction::Hello.Function::Handle", "dotnet10"), new { name = "Kumo" }, new { name = "again" });

        Assert.True(results[0].Succeeded, SandboxRun.Describe(results[0]));
        Assert.Equal("Hello, Kumo!", SandboxRun.Json(results[0]).GetProperty("Message").GetString());
        Assert.Contains("greeting Kumo", results[0].Log, StringComparison.Ordinal);
        Assert.NotNull(results[0].InitDuration);
        Assert.Equal("Hello, again!", SandboxRun.Json(results[1]).GetProperty("Message").GetString());
        Assert.Null(results[1].InitDuration);
    }

    [Fact]
    public async Task AwsStyleFunction_GetsAnILambdaContextAndItsOwnSerializer()
    {
        var sandbox = await fixture.Driver.CreateAsync(Spec("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::HandleAsync"), CancellationToken.None);
        try
        {
            var request = SandboxRun.Event(new { orderId = "o-1", quantity = 2 }) with
            {
                CognitoIdentity = """{"cognitoIdentityId":"us-east-1:abc","cognitoIdentityPoolId":"pool"}""",
            };

            var result = await sandbox.InvokeAsync(request, CancellationToken.None);

            Assert.True(result.Succeeded, SandboxRun.Describe(result));
            var receipt = SandboxRun.Json(result);
            Assert.Equal("o-1", receipt.GetProperty("orderId").GetString());
            Assert.Equal(request.RequestId, receipt.GetProperty("requestId").GetString());
            Assert.Equal("dotnet-function", receipt.GetProperty("functionName").GetString());
            Assert.Equal(256, receipt.GetProperty("memoryLimitInMb").GetInt32());
            Assert.True(receipt.GetProperty("hasTimeLeft").GetBoolean());
            Assert.Equal("us-east-1:abc", receipt.GetProperty("identityId").GetString());
            Assert.Contains("processing o-1 x2", result.Log, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        await fixture.AssertGoneAsync(sandbox.Id);
    }

    [Fact]
    public async Task TraceHeader_IsTheTraceEnvironmentVariable_ForThatInvocationOnly()
    {
        var traced = SandboxRun.Event(new { }) with { TraceId = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1" };

        var results = await SandboxRun.InvokeRequestsAsync(fixture, Spec("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::TraceId"), traced, SandboxRun.Event(new { }));

        Assert.All(results, r => Assert.True(r.Succeeded, SandboxRun.Describe(r)));
        Assert.Equal(traced.TraceId, SandboxRun.Json(results[0]).GetString());
        Assert.Equal("none", SandboxRun.Json(results[1]).GetString());
    }

    [Fact]
    public async Task Exception_IsAFunctionErrorWithTypeMessageStackAndCause()
    {
        var result = (await SandboxRun.InvokeAsync(fixture, Spec("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::Reject"), new { orderId = "o-2" }))[0];

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("InvalidOperationException", result.ErrorType);
        var error = SandboxRun.Json(result);
        Assert.Equal("order o-2 rejected", error.GetProperty("errorMessage").GetString());
        Assert.NotEmpty(error.GetProperty("stackTrace").EnumerateArray());
        Assert.Equal("ArgumentException", error.GetProperty("cause").GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task StreamHandlers_VoidAnswersEmptyAndStreamAnswersItsBytes()
    {
        var nothing = (await SandboxRun.InvokeAsync(fixture, Spec("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::Nothing"), new { a = 1 }))[0];
        var echo = (await SandboxRun.InvokeAsync(fixture, Spec("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::Echo"), new { a = 1 }))[0];

        Assert.True(nothing.Succeeded, SandboxRun.Describe(nothing));
        Assert.Equal(0, nothing.Payload.Length);
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(echo.Payload.Span));
    }

    [Fact]
    public async Task InputOfTheWrongShape_IsAnUnmarshalError()
    {
        var result = (await SandboxRun.InvokeAsync(fixture, Spec("HelloFunction", "HelloFunction::Hello.Function::Handle"), new[] { 1, 2, 3 }))[0];

        Assert.Equal(InvocationStatus.FunctionError, result.Status);
        Assert.Equal("Runtime.UnmarshalError", result.ErrorType);
        Assert.StartsWith("Unable to unmarshal input:", SandboxRun.Json(result).GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecutableAssembly_RunsItsOwnMain()
    {
        var result = (await SandboxRun.InvokeAsync(fixture, Spec("ExecutableFunction", "ExecutableFunction"), new { x = 1 }))[0];

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("main", SandboxRun.Json(result).GetProperty("from").GetString());
        Assert.Contains("executable main got", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_KillsTheSandbox()
    {
        var result = (await SandboxRun.InvokeAsync(fixture, Spec("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::SleepAsync") with { Timeout = TimeSpan.FromSeconds(1) }, new { }))[0];

        Assert.Equal(InvocationStatus.TimedOut, result.Status);
        Assert.Contains("Task timed out after 1.00 seconds", result.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeapExhausted_IsAnOutOfMemoryExceptionBeforeTheSandboxLimit()
    {
        // The GC knows the sandbox's memory (DOTNET_GCHeapHardLimit): the function gets .NET's own exception
        // instead of being killed, and its sandbox survives.
        var spec = Spec("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::Hog");
        var results = await SandboxRun.InvokeAsync(fixture, spec, new { }, new { });

        Assert.Equal(InvocationStatus.FunctionError, results[0].Status);
        Assert.Equal("OutOfMemoryException", results[0].ErrorType);
        Assert.Equal("OutOfMemoryException", results[1].ErrorType);
    }

    [Theory]
    [InlineData("HelloFunction", "Missing::A.B::C", "Runtime.ImportModuleError")]
    [InlineData("HelloFunction", "HelloFunction::Hello.Nope::Handle", "Runtime.HandlerNotFound")]
    [InlineData("HelloFunction", "HelloFunction::Hello.Function::Nope", "Runtime.HandlerNotFound")]
    [InlineData("HelloFunction", "HelloFunction::Hello.Function", "Runtime.MalformedHandlerName")]
    [InlineData("AwsStyleFunction", "AwsStyleFunction::AwsStyle.Function::Overloaded", "Runtime.HandlerNotFound")]
    public async Task BadHandler_IsAnInitError(string project, string handler, string errorType)
    {
        var result = (await SandboxRun.InvokeAsync(fixture, Spec(project, handler), new { }))[0];

        Assert.Equal(InvocationStatus.InitError, result.Status);
        Assert.Equal(errorType, result.ErrorType);
    }
}
