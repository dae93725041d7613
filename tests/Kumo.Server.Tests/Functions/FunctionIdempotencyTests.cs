using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Server.Configuration;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Functions;

/// <summary>
/// The native invoke endpoints and idempotency keys on synchronous invocations: repeats, also concurrent ones,
/// get the first request's id and response without running again; a run that did not happen gives the key up.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FunctionIdempotencyTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    private IFunctionCatalog Catalog => _server.Services.GetRequiredService<IFunctionCatalog>();

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(
            _data, drainSeconds: 5, settings: new Dictionary<ServerSetting, string> { [ServerSetting.EventPayloadLimit] = "64" });
        _http = TestServers.ClientFor(_server);
        _http.Timeout = TimeSpan.FromMinutes(3);
        await Poll.UntilAsync(async () => (await _http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    private Task CreateAsync(string name, string code) =>
        Catalog.CreateAsync(Tenant, new FunctionDefinition
        {
            Name = name,
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = Zips.Make(("app.py", code, Zips.File(0b110_100_100))).ToArray(),
        }, CancellationToken.None);

    private async Task<int> RunsAsync(string name) =>
        (await _server.Services.GetRequiredService<IInvocationStore>().ListAsync(
            new InvocationQuery(Tenant) { FunctionName = name }, CancellationToken.None))
        .Count(r => r.Outcome != InvocationOutcome.Throttled);

    private static HttpRequestMessage Post(string path, string body, string? key = null, Dictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    // Sleeps so that the repeats arrive while the first one runs; answers with its own request id, so a second run
    // would answer differently.
    private const string Slow = "import time\ndef handler(event, context):\n    time.sleep(1)\n    return {'ranAs': context.aws_request_id, 'event': event}\n";

    [Fact]
    public async Task NativeInvoke_WithoutAKey_RunsAndAnswersWithTheResult()
    {
        await CreateAsync("echo", "def handler(event, context):\n    return {'got': event}\n");

        using var response = await _http.SendAsync(Post("/_kumo/v1/functions/echo/invoke", "{\"a\":1}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"got\": {\"a\": 1}}", await response.Content.ReadAsStringAsync());
        Assert.NotNull(Header(response, "Kumo-Request-Id"));
        Assert.Null(Header(response, "Kumo-Function-Error"));
        Assert.Null(Header(response, "Idempotent-Replayed"));
    }

    [Fact]
    public async Task NativeInvoke_FailingFunction_AnswersTheErrorDocumentWithTheFunctionErrorHeader()
    {
        await CreateAsync("broken", "def handler(event, context):\n    raise ValueError('no such order')\n");

        using var response = await _http.SendAsync(Post("/_kumo/v1/functions/broken/invoke", "{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", Header(response, "Kumo-Function-Error"));
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("no such order", error.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task NativeInvoke_UnknownFunction_Is404WithTheName()
    {
        using var response = await _http.SendAsync(Post("/_kumo/v1/functions/nowhere/invoke", "{}", key: "k-1"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nowhere", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NativeInvoke_HundredConcurrentRepeats_RunOnceAndAllGetTheFirstResponse()
    {
        await CreateAsync("once", Slow);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await _http.SendAsync(Post("/_kumo/v1/functions/once/invoke", "{\"order\":42}", key: "order-42"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (Id: Header(response, "Kumo-Request-Id"), Replayed: Header(response, "Idempotent-Replayed"), Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Equal(1, await RunsAsync("once"));
        var first = Assert.Single(answers, a => a.Replayed is null);
        Assert.All(answers, a => Assert.Equal(first.Id, a.Id));
        Assert.All(answers, a => Assert.Equal(first.Body, a.Body));
        Assert.Contains(first.Id!, first.Body, StringComparison.Ordinal);
        Assert.Equal(99, answers.Count(a => a.Replayed == "true"));
    }

    [Fact]
    public async Task LambdaInvoke_RepeatWithTheKey_GetsTheFirstIdResponseAndLogWithoutRunning()
    {
        await CreateAsync("charge", "def handler(event, context):\n    print('charging', event['amount'])\n    return {'charged': event['amount'], 'ranAs': context.aws_request_id}\n");
        var headers = new Dictionary<string, string> { ["X-Amz-Log-Type"] = "Tail" };

        using var first = await _http.SendAsync(Post("/2015-03-31/functions/charge/invocations", "{\"amount\":5}", "pay-1", headers));
        using var repeat = await _http.SendAsync(Post("/2015-03-31/functions/charge/invocations", "{\"amount\":5}", "pay-1", headers));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(Header(first, "x-amzn-RequestId"), Header(repeat, "x-amzn-RequestId"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Null(Header(first, "Idempotent-Replayed"));
        Assert.Equal("true", Header(repeat, "Idempotent-Replayed"));
        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(Header(repeat, "X-Amz-Log-Result")!));
        Assert.Contains("charging 5", tail, StringComparison.Ordinal);
        Assert.Equal(1, await RunsAsync("charge"));
    }

    [Fact]
    public async Task LambdaInvoke_FunctionErrorIsKeptToo_SoARepeatDoesNotRunAgain()
    {
        await CreateAsync("fails", "def handler(event, context):\n    raise RuntimeError('card declined')\n");

        using var first = await _http.SendAsync(Post("/2015-03-31/functions/fails/invocations", "{}", "pay-2"));
        using var repeat = await _http.SendAsync(Post("/2015-03-31/functions/fails/invocations", "{}", "pay-2"));

        Assert.Equal("Unhandled", Header(repeat, "X-Amz-Function-Error"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(1, await RunsAsync("fails"));
    }

    [Fact]
    public async Task NativeInvoke_ThrottledRun_GivesTheKeyUp_SoARepeatRunsOnceAllowed()
    {
        await CreateAsync("held", "def handler(event, context):\n    return 'ran'\n");
        await Catalog.SetReservedConcurrencyAsync(Tenant, "held", 0, CancellationToken.None);

        using var throttled = await _http.SendAsync(Post("/_kumo/v1/functions/held/invoke", "{}", key: "try-1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);

        await Catalog.SetReservedConcurrencyAsync(Tenant, "held", null, CancellationToken.None);
        using var allowed = await _http.SendAsync(Post("/_kumo/v1/functions/held/invoke", "{}", key: "try-1"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("\"ran\"", await allowed.Content.ReadAsStringAsync());
        Assert.Null(Header(allowed, "Idempotent-Replayed"));
    }

    [Fact]
    public async Task Keys_AreSharedAcrossKindsAndFunctions_AndAMismatchIs409NamingTheHolder()
    {
        await CreateAsync("a", "def handler(event, context):\n    return 'a'\n");
        await CreateAsync("b", "def handler(event, context):\n    return 'b'\n");

        using var queued = await _http.SendAsync(Post("/_kumo/v1/functions/a/events", "{}", key: "shared"));
        var eventId = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        using var asSync = await _http.SendAsync(Post("/_kumo/v1/functions/a/invoke", "{}", key: "shared"));
        using var syncFirst = await _http.SendAsync(Post("/_kumo/v1/functions/a/invoke", "{}", key: "mine"));
        using var otherFunction = await _http.SendAsync(Post("/_kumo/v1/functions/b/invoke", "{}", key: "mine"));
        using var asEvent = await _http.SendAsync(Post("/_kumo/v1/functions/a/events", "{}", key: "mine"));

        Assert.Equal(HttpStatusCode.Conflict, asSync.StatusCode);
        Assert.Contains(eventId, await asSync.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, syncFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherFunction.StatusCode);
        Assert.Contains("function 'a'", (await otherFunction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, asEvent.StatusCode);
        Assert.Contains("synchronous", await asEvent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NativeEvents_Accepts202WithTheLocation_WhereTheResultAppears()
    {
        await CreateAsync("later", "def handler(event, context):\n    return {'done': event['n']}\n");

        using var response = await _http.SendAsync(Post("/_kumo/v1/functions/later/events", "{\"n\":7}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var requestId = accepted.GetProperty("requestId").GetString()!;
        Assert.False(accepted.GetProperty("repeated").GetBoolean());
        var location = accepted.GetProperty("location").GetString()!;
        Assert.Equal("/_kumo/v1/invocations/" + requestId, location);
        JsonElement detail = default;
        await Poll.UntilAsync(
            async () => (detail = await _http.GetFromJsonAsync<JsonElement>(location)).GetProperty("event").GetProperty("status").GetString() == "succeeded",
            "the event to succeed",
            Deadline);
        Assert.Equal(7, detail.GetProperty("event").GetProperty("result").GetProperty("done").GetInt32());
    }

    [Fact]
    public async Task NativeEvents_RepeatWithTheKey_Is202WithTheFirstIdAndQueuesNothing()
    {
        await CreateAsync("once-later", "def handler(event, context):\n    return 'ok'\n");

        using var first = await _http.SendAsync(Post("/_kumo/v1/functions/once-later/events", "{}", key: "e-1"));
        using var repeat = await _http.SendAsync(Post("/_kumo/v1/functions/once-later/events", "{}", key: "e-1"));

        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString();
        var again = await repeat.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal(firstId, again.GetProperty("requestId").GetString());
        Assert.True(again.GetProperty("repeated").GetBoolean());
        var queued = await _server.Services.GetRequiredService<IEventQueue>().ListAsync(
            new EventQuery(Tenant) { FunctionName = "once-later" }, CancellationToken.None);
        Assert.Single(queued);
    }

    [Fact]
    public async Task NativeEvents_RefusesOversizeEventsUnknownFunctionsAndBadKeys()
    {
        await CreateAsync("small", "def handler(event, context):\n    return 'ok'\n");

        using var tooLarge = await _http.SendAsync(Post("/_kumo/v1/functions/small/events", "{\"pad\":\"" + new string('x', 80 * 1024) + "\"}"));
        using var missing = await _http.SendAsync(Post("/_kumo/v1/functions/none/events", "{}"));
        using var longKey = await _http.SendAsync(Post("/_kumo/v1/functions/small/events", "{}", key: new string('k', 257)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("65536", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);
        Assert.Contains("Idempotency-Key", await longKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await _server.Services.GetRequiredService<IEventQueue>().ListAsync(new EventQuery(Tenant), CancellationToken.None));
    }
}
