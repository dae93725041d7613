using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kumo.Testing;

namespace Kumo.FunctionalTests;

/// <summary>
/// <c>kumo functions</c>, <c>invoke</c>, <c>invocations</c> and <c>logs</c> where no function is needed: the command
/// line's checks, no server, and a server with nothing on it.
/// </summary>
public sealed class InvocationCliTests : IDisposable
{
    private const string AllowedOutcomes = "success, functionError, timeout, outOfMemory, throttled, platformError";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string UnusedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    [Theory]
    [InlineData("invoke hello")]
    [InlineData("functions ls")]
    [InlineData("invocations ls")]
    [InlineData("invocations get some-id")]
    [InlineData("logs hello")]
    [InlineData("logs hello --follow")]
    [InlineData("dlq ls")]
    [InlineData("dlq redrive")]
    public async Task Verb_NoServer_ExitsOneWithOneLineSayingHowToStartOne(string verb)
    {
        var endpoint = UnusedEndpoint();

        var kumo = await KumoProcess.RunAsync([.. verb.Split(' '), "--endpoint", endpoint], null);

        Assert.Equal(1, kumo.ExitCode);
        var line = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith($"kumo: no Kumo server answers at {endpoint}/", line, StringComparison.Ordinal);
        Assert.Contains("'kumo up'", line, StringComparison.Ordinal);
        Assert.Equal("", kumo.Stdout);
    }

    [Fact]
    public async Task Invoke_PayloadFileMissing_IsAUsageErrorNamingTheFile()
    {
        var kumo = await KumoProcess.RunAsync("invoke", "hello", "--payload", "@missing.json", "--endpoint", UnusedEndpoint());

        Assert.Equal(2, kumo.ExitCode);
        Assert.Equal(
            "kumo: payload file 'missing.json' does not exist: give --payload @FILE with a JSON file, or the JSON itself",
            Assert.Single(Lines(kumo.Stderr)));
    }

    [Fact]
    public async Task Invoke_PayloadNotJson_IsAUsageError()
    {
        var file = _temp.Combine("event.txt");
        await File.WriteAllTextAsync(file, "not json");

        var inline = await KumoProcess.RunAsync("invoke", "hello", "--payload", "{oops", "--endpoint", UnusedEndpoint());
        var fromFile = await KumoProcess.RunAsync("invoke", "hello", "--payload", $"@{file}", "--endpoint", UnusedEndpoint());

        Assert.Equal(2, inline.ExitCode);
        Assert.StartsWith("kumo: --payload is not JSON", Assert.Single(Lines(inline.Stderr)), StringComparison.Ordinal);
        Assert.Equal(2, fromFile.ExitCode);
        Assert.StartsWith($"kumo: payload file '{file}' is not JSON", Assert.Single(Lines(fromFile.Stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_FunctionError_PrintsTheErrorDocumentAndTheLogAndExitsOne()
    {
        const string error = """{"errorMessage":"boom","errorType":"ValueError"}""";
        var log = "START RequestId: r1 Version: $LATEST\nEND RequestId: r1\n";
        await using var lambda = CannedHttpServer.Start(200, new Dictionary<string, string>
        {
            ["X-Amz-Function-Error"] = "Unhandled",
            ["X-Amz-Executed-Version"] = "$LATEST",
            ["X-Amz-Log-Result"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(log)),
        }, error);

        var kumo = await KumoProcess.RunAsync("invoke", "hello", "--payload", """{"n":1}""", "--log", "--endpoint", lambda.Endpoint);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal(error, kumo.Stdout.Trim());
        Assert.Equal(
            ["START RequestId: r1 Version: $LATEST", "END RequestId: r1", "kumo: function 'hello' failed (Unhandled): ValueError: boom"],
            Lines(kumo.Stderr));
        var request = Assert.Single(lambda.Requests);
        Assert.Equal(new CannedRequest("POST", "/2015-03-31/functions/hello/invocations", "Tail", """{"n":1}"""), request);
    }

    [Fact]
    public async Task Invoke_Async_QueuesThroughTheNativeApiWithTheKeyAndPrintsTheRequestId()
    {
        await using var kumoApi = CannedHttpServer.Start(
            202, new Dictionary<string, string>(), """{"requestId":"r-9","repeated":false,"location":"/_kumo/v1/invocations/r-9"}""");

        var kumo = await KumoProcess.RunAsync(
            "invoke", "arn:aws:lambda:us-east-1:000000000000:function:hello", "--async", "--idempotency-key", "order-42",
            "--payload", """{"n":1}""", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("r-9", kumo.Stdout.Trim());
        Assert.Contains("kumo invocations get r-9", kumo.Stderr, StringComparison.Ordinal);
        var request = Assert.Single(kumoApi.Requests);
        Assert.Equal(new CannedRequest("POST", "/_kumo/v1/functions/hello/events", null, """{"n":1}""") { IdempotencyKey = "order-42" }, request);
    }

    [Fact]
    public async Task Invoke_AsyncRepeat_SaysNothingNewWasQueued()
    {
        await using var kumoApi = CannedHttpServer.Start(
            202, new Dictionary<string, string>(), """{"requestId":"r-1","repeated":true,"location":"/_kumo/v1/invocations/r-1"}""");

        var kumo = await KumoProcess.RunAsync("invoke", "hello", "--async", "--idempotency-key", "k", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("r-1", kumo.Stdout.Trim());
        Assert.Contains("nothing new was queued", kumo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SyncRepeat_SendsTheKeyAndSaysTheFunctionDidNotRunAgain()
    {
        await using var lambda = CannedHttpServer.Start(200, new Dictionary<string, string>
        {
            ["x-amzn-RequestId"] = "r-first",
            ["Idempotent-Replayed"] = "true",
            ["X-Amz-Executed-Version"] = "$LATEST",
        }, """{"charged":5}""");

        var kumo = await KumoProcess.RunAsync("invoke", "pay", "--idempotency-key", "pay-1", "--endpoint", lambda.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("""{"charged":5}""", kumo.Stdout.Trim());
        Assert.Equal(
            "This is the answer of request r-first, sent earlier with this key; the function did not run again.",
            Assert.Single(Lines(kumo.Stderr)));
        Assert.Equal("pay-1", Assert.Single(lambda.Requests).IdempotencyKey);
    }

    [Fact]
    public async Task Invoke_AsyncWithLog_IsAUsageError()
    {
        var kumo = await KumoProcess.RunAsync("invoke", "hello", "--async", "--log", "--endpoint", UnusedEndpoint());

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains("--log shows the log of a synchronous invoke", kumo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_OverlongIdempotencyKey_IsAUsageError()
    {
        var kumo = await KumoProcess.RunAsync("invoke", "hello", "--idempotency-key", new string('k', 257), "--endpoint", UnusedEndpoint());

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains("--idempotency-key must be 1 to 256 characters", kumo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Throttled_SaysSoAndToRetry()
    {
        await using var lambda = CannedHttpServer.Start(
            429,
            new Dictionary<string, string> { ["X-Amzn-ErrorType"] = "TooManyRequestsException", ["Retry-After"] = "2" },
            """{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}""");

        var kumo = await KumoProcess.RunAsync("invoke", "hello", "--endpoint", lambda.Endpoint);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal(
            "kumo: TooManyRequestsException: Rate Exceeded. The function was throttled (ReservedFunctionConcurrentInvocationLimitExceeded): " +
            "it is at its concurrency limit; retry in 2 s.",
            Assert.Single(Lines(kumo.Stderr)));
        Assert.Equal("{}", Assert.Single(lambda.Requests).Body);
    }

    [Theory]
    [InlineData("ResourceNotFoundException:http://internal.amazon.com/coral/", """{"Type":"User","Message":"Function not found: nope"}""", "ResourceNotFoundException: Function not found: nope")]
    [InlineData("", """{"code":"NotFound","message":"Kumo has nothing here"}""", "NotFound: Kumo has nothing here")]
    [InlineData("", "<html>bad gateway</html>", "answered 502 Bad Gateway to POST /2015-03-31/functions/nope/invocations; is it a Kumo server?")]
    public async Task Invoke_LambdaError_IsOneLineWithItsType(string errorType, string body, string expected)
    {
        var headers = errorType.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["X-Amzn-ErrorType"] = errorType };
        await using var lambda = CannedHttpServer.Start(errorType.Length == 0 && body.StartsWith('<') ? 502 : 404, headers, body);

        var kumo = await KumoProcess.RunAsync("invoke", "nope", "--endpoint", lambda.Endpoint);

        Assert.Equal(1, kumo.ExitCode);
        var line = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith("kumo: ", line, StringComparison.Ordinal);
        Assert.EndsWith(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvocationsLs_BogusOutcome_IsAUsageErrorListingTheAllowedValues()
    {
        var kumo = await KumoProcess.RunAsync("invocations", "ls", "--outcome", "bogus");

        Assert.Equal(2, kumo.ExitCode);
        Assert.Equal(
            [$"kumo: --outcome 'bogus' is not valid: use one of {AllowedOutcomes} (any case)", "Run 'kumo invocations ls --help' for usage."],
            Lines(kumo.Stderr));
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--until", "3 weeks")]
    public async Task InvocationsLs_BadTime_IsAUsageErrorShowingTheForms(string option, string value)
    {
        var kumo = await KumoProcess.RunAsync("invocations", "ls", option, value);

        Assert.Equal(2, kumo.ExitCode);
        var line = Lines(kumo.Stderr)[0];
        Assert.StartsWith($"kumo: {option} '{value}' is not valid: use an ISO-8601 time", line, StringComparison.Ordinal);
        Assert.Contains("15m, 2h or 1d", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_LimitOutOfRange_IsAUsageError()
    {
        var kumo = await KumoProcess.RunAsync("logs", "hello", "--limit", "0");

        Assert.Equal(2, kumo.ExitCode);
        Assert.Equal("kumo: --limit 0 is not valid: use a whole number from 1 to 10000", Lines(kumo.Stderr)[0]);
    }

    [Fact]
    public async Task Verbs_AgainstAServerWithNoFunctions_ListNothingAndReportWhatIsMissing()
    {
        var dataDir = _temp.Combine(".kumo");
        await using var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", dataDir]);
        var endpoint = (await server.WaitUntilReadyAsync(dataDir)).ToString().TrimEnd('/');
        var environment = new Dictionary<string, string> { ["KUMO_ENDPOINT"] = endpoint };

        var functions = await KumoProcess.RunAsync(["functions", "ls"], environment);
        var functionsJson = await KumoProcess.RunAsync(["functions", "ls", "--json"], environment);
        var invocationsJson = await KumoProcess.RunAsync(["invocations", "ls", "--outcome", "FUNCTION-ERROR", "--since", "1h", "--cold", "--json"], environment);
        var record = await KumoProcess.RunAsync(["invocations", "get", "no-such-id"], environment);
        var logs = await KumoProcess.RunAsync(["logs", "ghost"], environment);
        var invoke = await KumoProcess.RunAsync(["invoke", "ghost"], environment);
        var deadLetters = await KumoProcess.RunAsync(["dlq", "ls", "--function", "ghost"], environment);
        var deadLettersJson = await KumoProcess.RunAsync(["dlq", "ls", "--json"], environment);
        var redrive = await KumoProcess.RunAsync(["dlq", "redrive", "some-id"], environment);
        var badLimit = await KumoProcess.RunAsync(["dlq", "ls", "--limit", "0"], environment);

        Assert.Equal(0, deadLetters.ExitCode);
        Assert.Equal("No dead letters.", Assert.Single(Lines(deadLetters.Stdout)));
        Assert.Equal(0, deadLettersJson.ExitCode);
        using (var document = JsonDocument.Parse(deadLettersJson.Stdout))
        {
            Assert.Equal(0, document.RootElement.GetProperty("events").GetArrayLength());
        }

        Assert.Equal(0, redrive.ExitCode);
        Assert.Equal("No dead letters to send back.", Assert.Single(Lines(redrive.Stdout)));
        Assert.Equal(2, badLimit.ExitCode);
        Assert.Contains("limit '0' is not valid", badLimit.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, functions.ExitCode);
        Assert.Equal("No functions yet.", Assert.Single(Lines(functions.Stdout)));
        Assert.Equal(0, functionsJson.ExitCode);
        using (var document = JsonDocument.Parse(functionsJson.Stdout))
        {
            Assert.Equal(0, document.RootElement.GetProperty("functions").GetArrayLength());
        }

        Assert.Equal(0, invocationsJson.ExitCode);
        using (var document = JsonDocument.Parse(invocationsJson.Stdout))
        {
            Assert.Equal(0, document.RootElement.GetProperty("invocations").GetArrayLength());
        }

        Assert.Equal(1, record.ExitCode);
        Assert.StartsWith("kumo: there is no invocation with request id 'no-such-id'", Assert.Single(Lines(record.Stderr)), StringComparison.Ordinal);
        Assert.Equal(1, logs.ExitCode);
        Assert.StartsWith("kumo: there is no function named 'ghost'", Assert.Single(Lines(logs.Stderr)), StringComparison.Ordinal);
        Assert.Equal(1, invoke.ExitCode);
        var invokeError = Assert.Single(Lines(invoke.Stderr));
        Assert.StartsWith("kumo: ResourceNotFoundException: ", invokeError, StringComparison.Ordinal);
        Assert.Contains("ghost", invokeError, StringComparison.Ordinal);
        server.Signal(Signals.Terminate);
        await server.WaitForExitAsync();
        Assert.Equal(0, server.ExitCode);
        Assert.Empty(ProcessLeaks.FindAlive(server.Marker));
    }
}
