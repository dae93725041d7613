using System.Net;
using System.Text;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Tests.Lambda.Invoke;

public sealed class InvokeTests
{
    private const string Path = "/2015-03-31/functions/hello/invocations";
    private const int LogTailLowerBound = 4096 - 40;

    [Fact]
    public async Task Invoke_Completed_ReturnsPayloadAndInvocationHeaders()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"name":"kumo"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"name":"kumo"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("$LATEST", LambdaAssert.Header(response, "X-Amz-Executed-Version"));
        Assert.Equal("6bc28136-a7a2-4a0b-9d57-2b5f9b2b3c01", LambdaAssert.Header(response, "x-amzn-RequestId"));
        Assert.Null(LambdaAssert.Header(response, "X-Amz-Function-Error"));
        Assert.Null(LambdaAssert.Header(response, "X-Amz-Log-Result"));
        var request = Assert.Single(server.Invoker.Requests);
        Assert.Equal("hello", request.FunctionName);
        Assert.Equal(InvocationTriggers.Api, request.Trigger);
        Assert.Null(request.Qualifier);
    }

    [Fact]
    public async Task Invoke_FunctionFailed_SetsFunctionErrorHeader()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Invoker.Answer = _ => new InvokeResult
        {
            Status = InvokeStatus.Completed,
            RequestId = "r-1",
            FunctionError = "Unhandled",
            Payload = """{"errorType":"Runtime.ImportModuleError"}"""u8.ToArray(),
        };

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", LambdaAssert.Header(response, "X-Amz-Function-Error"));
        Assert.Contains("Runtime.ImportModuleError", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_TailLog_ReturnsTheLogsLast4Kb()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var log = string.Concat(Enumerable.Range(0, 400).Select(i => $"line {i:D3}: something happened\n")) + "REPORT RequestId: r-1\n";
        server.Invoker.Answer = _ => new InvokeResult { Status = InvokeStatus.Completed, RequestId = "r-1", Log = log, ExecutedVersion = "$LATEST" };
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = LambdaRequests.Json("{}") };
        request.Headers.Add("X-Amz-Log-Type", "Tail");

        using var response = await server.Http.SendAsync(request);

        var tail = Convert.FromBase64String(LambdaAssert.Header(response, "X-Amz-Log-Result")!);
        Assert.InRange(tail.Length, LogTailLowerBound, 4096);
        var text = Encoding.UTF8.GetString(tail);
        Assert.EndsWith("REPORT RequestId: r-1\n", text, StringComparison.Ordinal);
        Assert.StartsWith("line ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_TraceQualifierAndClientContext_ReachTheInvoker()
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/" + LambdaRequests.Arn + "hello:$LATEST/invocations")
        {
            Content = LambdaRequests.Json("{}"),
        };
        request.Headers.Add("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.Add("X-Amz-Client-Context", "eyJjdXN0b20iOnt9fQ==");

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(server.Invoker.Requests);
        Assert.Equal("hello", sent.FunctionName);
        Assert.Equal("$LATEST", sent.Qualifier);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", sent.AmznTraceId);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", sent.TraceParent);
        Assert.Equal("eyJjdXN0b20iOnt9fQ==", sent.ClientContext);
    }

    [Fact]
    public async Task Invoke_Throttled_Returns429WithReasonAndRetryAfter()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Invoker.Answer = _ => new InvokeResult
        {
            Status = InvokeStatus.Throttled,
            RequestId = "r-throttled",
            ThrottleReason = ThrottleReason.ReservedFunctionConcurrentInvocationLimitExceeded,
            RetryAfterSeconds = 3,
        };

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("{}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("TooManyRequestsException", LambdaAssert.Header(response, "x-amzn-ErrorType"));
        Assert.Equal("r-throttled", LambdaAssert.Header(response, "x-amzn-RequestId"));
        Assert.Equal("3", LambdaAssert.Header(response, "Retry-After"));
        var body = await LambdaAssert.JsonAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("User", body.GetProperty("Type").GetString());
        Assert.Equal("Rate Exceeded.", body.GetProperty("message").GetString());
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", body.GetProperty("Reason").GetString());
        Assert.Equal("3", body.GetProperty("retryAfterSeconds").GetString());
    }

    [Theory]
    [InlineData(InvokeStatus.NotReady, HttpStatusCode.Conflict, "ResourceConflictException", "User")]
    [InlineData(InvokeStatus.NotFound, HttpStatusCode.NotFound, "ResourceNotFoundException", "User")]
    [InlineData(InvokeStatus.PlatformError, HttpStatusCode.InternalServerError, "ServiceException", "Service")]
    public async Task Invoke_Refused_ReturnsLambdaError(InvokeStatus status, HttpStatusCode code, string type, string fault)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Invoker.Answer = _ => new InvokeResult { Status = status, RequestId = "r-refused", Message = $"refused: {status}" };

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("{}"));

        var message = await LambdaAssert.ErrorAsync(response, code, type, fault);
        Assert.Equal($"refused: {status}", message);
        Assert.Equal("r-refused", LambdaAssert.Header(response, "x-amzn-RequestId"));
    }

    [Fact]
    public async Task Invoke_DryRun_Returns204WithoutRunning()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = LambdaRequests.Json("{}") };
        request.Headers.Add("X-Amz-Invocation-Type", "DryRun");

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(server.Invoker.Requests);
    }

    [Fact]
    public async Task Invoke_DryRunOfMissingFunction_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = LambdaRequests.Json("{}") };
        request.Headers.Add("X-Amz-Invocation-Type", "DryRun");

        using var response = await server.Http.SendAsync(request);

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Invoke_Event_Returns202WithTheRequestIdWithoutRunning()
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = LambdaRequests.Json("""{"k":1}""") };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");
        request.Headers.Add("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793");

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("evt-1", response.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var accepted = Assert.Single(server.Events.Accepted);
        Assert.Equal("""{"k":1}""", System.Text.Encoding.UTF8.GetString(accepted.Payload.Span));
        Assert.Equal(InvocationTriggers.Async, accepted.Trigger);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", accepted.AmznTraceId);
    }

    [Theory]
    [InlineData(EventAcceptanceStatus.TooLarge, HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException")]
    [InlineData(EventAcceptanceStatus.NotFound, HttpStatusCode.NotFound, "ResourceNotFoundException")]
    public async Task Invoke_EventRefused_AnswersWithTheAwsError(EventAcceptanceStatus status, HttpStatusCode code, string type)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Events.Refusal = new EventAcceptance(status, null, "refused") { PayloadLimit = 1024 };
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = LambdaRequests.Json("{}") };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");

        using var response = await server.Http.SendAsync(request);

        await LambdaAssert.ErrorAsync(response, code, type);
    }

    [Theory]
    [InlineData("X-Amz-Invocation-Type", "Later", "invocationType")]
    [InlineData("X-Amz-Log-Type", "Everything", "logType")]
    public async Task Invoke_UnsupportedHeader_Returns400WithoutRunning(string header, string value, string expected)
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = LambdaRequests.Json("{}") };
        request.Headers.Add(header, value);

        using var response = await server.Http.SendAsync(request);

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Empty(server.Invoker.Requests);
    }

    [Fact]
    public async Task Invoke_FunctionOfOtherAccount_Returns404WithoutRunning()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync("/2015-03-31/functions/999999999999:function:hello/invocations", LambdaRequests.Json("{}"));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Empty(server.Invoker.Requests);
    }
}
