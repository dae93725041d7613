using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Server.Configuration;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Functions;

/// <summary>Asynchronous invocation: durable acceptance, retries with backoff, throttled events kept, recovery after a stop.</summary>
[Collection(ServerCollection.Name)]
public sealed class FunctionEventTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;

    private IFunctionCatalog Catalog => _server.Services.GetRequiredService<IFunctionCatalog>();

    private IEventQueue Queue => _server.Services.GetRequiredService<IEventQueue>();

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    private async Task<RunningServer> StartAsync()
    {
        var server = await TestServers.StartAsync(
            _data, drainSeconds: 5, settings: new Dictionary<ServerSetting, string> { [ServerSetting.EventRetryDelay] = "1", [ServerSetting.EventPayloadLimit] = "64" });
        using var http = TestServers.ClientFor(server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
        return server;
    }

    private Task CreateAsync(string name, string code) =>
        Catalog.CreateAsync(Tenant, new FunctionDefinition
        {
            Name = name,
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = Zips.Make(("app.py", code, Zips.File(0b110_100_100))).ToArray(),
        }, CancellationToken.None);

    private async Task<string> EnqueueAsync(string name, string payload = "{}")
    {
        var acceptance = await _server.Services.GetRequiredService<IEventInvoker>().EnqueueAsync(
            new InvokeRequest { TenantId = Tenant, FunctionName = name, Payload = System.Text.Encoding.UTF8.GetBytes(payload), Trigger = InvocationTriggers.Async },
            CancellationToken.None);
        Assert.Equal(EventAcceptanceStatus.Accepted, acceptance.Status);
        return acceptance.RequestId!;
    }

    private async Task<QueuedEvent> UntilAsync(string requestId, Func<QueuedEvent, bool> condition, string what)
    {
        QueuedEvent? queued = null;
        await Poll.UntilAsync(async () => (queued = await Queue.GetAsync(Tenant, requestId, CancellationToken.None)) is { } e && condition(e), what, Deadline);
        return queued!;
    }

    [Fact]
    public async Task Enqueue_WorkingFunction_RunsOnceAndRecordsItAsAsync()
    {
        await CreateAsync("later", "def handler(event, context):\n    print('ran', context.aws_request_id)\n    return 'ok'\n");

        var requestId = await EnqueueAsync("later");

        var done = await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Succeeded, "the event to succeed");
        Assert.Equal(1, done.Attempts);
        var record = await _server.Services.GetRequiredService<IInvocationStore>().GetAsync(Tenant, requestId, CancellationToken.None);
        Assert.Equal(InvocationTriggers.Async, record!.Trigger);
        Assert.Equal(InvocationOutcome.Success, record.Outcome);
        var lines = await _server.Services.GetRequiredService<IInvocationStore>().GetLogsAsync(new LogQuery(Tenant) { RequestId = requestId }, CancellationToken.None);
        Assert.Contains(lines, l => l.Text == "ran " + requestId);
        using var http = TestServers.ClientFor(_server);
        var detail = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations/{requestId}");
        Assert.Equal("succeeded", detail.GetProperty("event").GetProperty("status").GetString());
        Assert.Equal("ok", detail.GetProperty("event").GetProperty("result").GetString());
    }

    [Fact]
    public async Task Enqueue_FailingFunction_IsRetriedTwiceWithDoublingDelaysThenFails()
    {
        await CreateAsync("flaky", "def handler(event, context):\n    raise RuntimeError('always')\n");

        var requestId = await EnqueueAsync("flaky");

        var failed = await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Failed, "the event to use every attempt");
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("always", failed.LastError, StringComparison.Ordinal);
        var records = (await _server.Services.GetRequiredService<IInvocationStore>().ListAsync(
            new InvocationQuery(Tenant) { FunctionName = "flaky" }, CancellationToken.None)).OrderBy(r => r.Attempt).ToList();
        Assert.Equal([1, 2, 3], records.Select(r => r.Attempt));
        Assert.All(records, r => Assert.Equal(requestId, r.RequestId));
        Assert.All(records, r => Assert.Equal(InvocationOutcome.FunctionError, r.Outcome));
        // Backoff: the first retry waits at least the retry delay (1 s here), the second at least twice that.
        Assert.True(records[1].StartedAt - records[0].StartedAt >= TimeSpan.FromSeconds(1));
        Assert.True(records[2].StartedAt - records[1].StartedAt >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Enqueue_ThrottledFunction_StaysQueuedAndRunsOnceAllowed()
    {
        await CreateAsync("held", "def handler(event, context):\n    return 'ok'\n");
        await Catalog.SetReservedConcurrencyAsync(Tenant, "held", 0, CancellationToken.None);

        var requestId = await EnqueueAsync("held");
        var throttled = await UntilAsync(requestId, e => e is { Status: QueuedEventStatus.Queued, LastError: not null }, "a throttled try");
        Assert.Equal(0, throttled.Attempts);
        Assert.Contains("reserved concurrency", throttled.LastError, StringComparison.Ordinal);

        await Catalog.SetReservedConcurrencyAsync(Tenant, "held", null, CancellationToken.None);

        var done = await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Succeeded, "the event to run once allowed");
        Assert.Equal(1, done.Attempts);
    }

    private const string Sink = "import json\ndef handler(event, context):\n    print('record', json.dumps(event, sort_keys=True))\n    return 'kept'\n";

    private IEventInvokeConfigs Configs => _server.Services.GetRequiredService<IEventInvokeConfigs>();

    private static string Arn(string name) => $"arn:aws:lambda:us-east-1:000000000000:function:{name}";

    private async Task<string> SinkRecordAsync(string sink, string requestId)
    {
        var store = _server.Services.GetRequiredService<IInvocationStore>();
        string? line = null;
        try
        {
            await Poll.UntilAsync(
                async () => (line = (await store.GetLogsAsync(new LogQuery(Tenant) { FunctionName = sink }, CancellationToken.None))
                    .Select(l => l.Text).FirstOrDefault(t => t.StartsWith("record ", StringComparison.Ordinal) && t.Contains(requestId, StringComparison.Ordinal))) is not null,
                "the destination's record",
                Deadline);
        }
        catch (TimeoutException e)
        {
            // Say where it stopped: the source event, and what reached the destination.
            var source = await Queue.GetAsync(Tenant, requestId, CancellationToken.None);
            var sent = await Queue.ListAsync(new EventQuery(Tenant) { FunctionName = sink }, CancellationToken.None);
            throw new TimeoutException(
                $"{e.Message}; source event: {source?.Status} after {source?.Attempts} attempt(s), last error {source?.LastError}; " +
                $"events for {sink}: {string.Join(", ", sent.Select(x => $"{x.RequestId} {x.Status} {x.Attempts} {x.LastError}"))}", e);
        }

        return line!;
    }

    [Fact]
    public async Task Config_NoRetriesAndAFailureDestination_SendsOneRetriesExhaustedRecord()
    {
        await CreateAsync("breaks", "def handler(event, context):\n    raise ValueError('nope')\n");
        await CreateAsync("failures", Sink);
        await Configs.PutAsync(Tenant, "breaks", null, new EventInvokeConfigChange { MaximumRetryAttempts = 0, OnFailureDestination = Arn("failures") }, CancellationToken.None);

        var requestId = await EnqueueAsync("breaks", """{"order":7}""");

        var failed = await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Failed, "the event to fail at once");
        Assert.Equal(1, failed.Attempts);
        var record = await SinkRecordAsync("failures", requestId);
        Assert.Contains("\"condition\": \"RetriesExhausted\"", record, StringComparison.Ordinal);
        Assert.Contains("\"approximateInvokeCount\": 1", record, StringComparison.Ordinal);
        Assert.Contains("\"requestPayload\": {\"order\": 7}", record, StringComparison.Ordinal);
        Assert.Contains("\"functionError\": \"Unhandled\"", record, StringComparison.Ordinal);
        Assert.Contains("\"errorMessage\": \"nope\"", record, StringComparison.Ordinal);
        Assert.Contains($"\"functionArn\": \"{Arn("breaks")}:$LATEST\"", record, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_SuccessDestination_GetsTheResponse()
    {
        await CreateAsync("works", "def handler(event, context):\n    return {'total': 42}\n");
        await CreateAsync("successes", Sink);
        await Configs.PutAsync(Tenant, "works", null, new EventInvokeConfigChange { OnSuccessDestination = Arn("successes") }, CancellationToken.None);

        var requestId = await EnqueueAsync("works");

        var record = await SinkRecordAsync("successes", requestId);
        Assert.Contains("\"condition\": \"Success\"", record, StringComparison.Ordinal);
        Assert.Contains("\"responsePayload\": {\"total\": 42}", record, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_MaximumAge_ExpiresAnOldEventWithoutRunningItAndTellsTheFailureDestination()
    {
        await CreateAsync("stale", "def handler(event, context):\n    print('should not run')\n    return 1\n");
        await CreateAsync("expired", Sink);
        await Configs.PutAsync(Tenant, "stale", null, new EventInvokeConfigChange { MaximumEventAgeInSeconds = 60, OnFailureDestination = Arn("expired") }, CancellationToken.None);
        var requestId = Guid.NewGuid().ToString();
        var old = DateTimeOffset.UtcNow.AddMinutes(-2);

        await Queue.EnqueueAsync(new QueuedEvent { TenantId = Tenant, RequestId = requestId, FunctionName = "stale", Payload = "{}"u8.ToArray(), EnqueuedAt = old, NextAttemptAt = old }, CancellationToken.None);

        var expired = await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Expired, "the old event to expire");
        Assert.Equal(0, expired.Attempts);
        var record = await SinkRecordAsync("expired", requestId);
        Assert.Contains("\"condition\": \"EventAgeExceeded\"", record, StringComparison.Ordinal);
        Assert.DoesNotContain("responsePayload", record, StringComparison.Ordinal);
        Assert.Empty(await _server.Services.GetRequiredService<IInvocationStore>().ListAsync(new InvocationQuery(Tenant) { FunctionName = "stale" }, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteFunction_WithAConfig_RemovesTheConfigToo()
    {
        await CreateAsync("renewed", "def handler(event, context):\n    return 1\n");
        await Configs.PutAsync(Tenant, "renewed", null, new EventInvokeConfigChange { MaximumRetryAttempts = 1 }, CancellationToken.None);

        await Catalog.DeleteAsync(Tenant, "renewed", CancellationToken.None);
        await CreateAsync("renewed", "def handler(event, context):\n    return 1\n");

        var missing = await Assert.ThrowsAsync<FunctionRequestException>(() => Configs.GetAsync(Tenant, "renewed", null, CancellationToken.None));
        Assert.Equal(FunctionErrorKind.NotFound, missing.Kind);
        Assert.Contains("doesn't have an EventInvokeConfig", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetters_AFailedEvent_IsListedAndRedrivenToRunAgain()
    {
        await CreateAsync("fixable", "import os\ndef handler(event, context):\n    raise ValueError('broken')\n");
        await Configs.PutAsync(Tenant, "fixable", null, new EventInvokeConfigChange { MaximumRetryAttempts = 0 }, CancellationToken.None);
        var requestId = await EnqueueAsync("fixable");
        await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Failed, "the event to fail");
        using var http = TestServers.ClientFor(_server);

        var dead = await http.GetFromJsonAsync<JsonElement>("/_kumo/v1/dlq?function=fixable");
        var detail = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations/{requestId}");
        await Catalog.UpdateCodeAsync(Tenant, "fixable", Zips.Make(("app.py", "def handler(event, context):\n    return 'fixed'\n", Zips.File(0b110_100_100))).ToArray(), null, CancellationToken.None);
        using var redrive = await http.PostAsJsonAsync("/_kumo/v1/dlq/redrive", new { function = "fixable" });

        var entry = Assert.Single(dead.GetProperty("events").EnumerateArray());
        Assert.Equal(requestId, entry.GetProperty("requestId").GetString());
        Assert.Equal("failed", entry.GetProperty("status").GetString());
        Assert.Equal("failed", detail.GetProperty("event").GetProperty("status").GetString());
        Assert.Equal(1, detail.GetProperty("attempts").GetArrayLength());
        redrive.EnsureSuccessStatusCode();
        Assert.Equal(requestId, Assert.Single((await redrive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redriven").EnumerateArray()).GetString());
        var done = await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Succeeded, "the redriven event to run on the fixed code");
        Assert.Equal(2, done.Attempts);
        var after = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations/{requestId}");
        Assert.Equal(["functionError", "success"], after.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()));
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/_kumo/v1/dlq?function=fixable")).GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task Detail_OfAQueuedEventThatHasNotRun_ShowsItsStatusWithoutARecord()
    {
        await CreateAsync("patient", "def handler(event, context):\n    return 1\n");
        var requestId = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        await Queue.EnqueueAsync(new QueuedEvent { TenantId = Tenant, RequestId = requestId, FunctionName = "patient", EnqueuedAt = now, NextAttemptAt = now.AddHours(1) }, CancellationToken.None);
        using var http = TestServers.ClientFor(_server);

        var detail = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations/{requestId}");

        Assert.Equal("queued", detail.GetProperty("event").GetProperty("status").GetString());
        Assert.False(detail.TryGetProperty("invocation", out var invocation) && invocation.ValueKind != JsonValueKind.Null);
        Assert.Equal(0, detail.GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task IdempotencyKey_HundredConcurrentRepeats_RunOnceAndAllGetTheFirstId()
    {
        await CreateAsync("once", "def handler(event, context):\n    return 'ok'\n");
        using var http = TestServers.ClientFor(_server);

        async Task<(HttpStatusCode Status, string? RequestId)> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/once/invocations") { Content = new StringContent("{}") };
            request.Headers.Add("X-Amz-Invocation-Type", "Event");
            request.Headers.Add("Idempotency-Key", "order-42");
            using var response = await http.SendAsync(request);
            return (response.StatusCode, response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : null);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(SendAsync)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        var requestId = Assert.Single(answers.Select(a => a.RequestId).Distinct());
        await UntilAsync(requestId!, e => e.Status == QueuedEventStatus.Succeeded, "the one event to run");
        var records = await _server.Services.GetRequiredService<IInvocationStore>().ListAsync(new InvocationQuery(Tenant) { FunctionName = "once" }, CancellationToken.None);
        Assert.Single(records);
        Assert.Single(await Queue.ListAsync(new EventQuery(Tenant) { FunctionName = "once" }, CancellationToken.None));
    }

    [Fact]
    public async Task IdempotencyKey_OnADryRun_IsRefusedWithTheReason()
    {
        await CreateAsync("dry", "def handler(event, context):\n    return 'ok'\n");
        using var http = TestServers.ClientFor(_server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/dry/invocations") { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Invocation-Type", "DryRun");
        request.Headers.Add("Idempotency-Key", "k");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterValueException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("not taken with InvocationType DryRun", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_BadValues_AreAllReportedTogether()
    {
        await CreateAsync("picky", "def handler(event, context):\n    return 1\n");

        var refused = await Assert.ThrowsAsync<FunctionRequestException>(() => Configs.PutAsync(
            Tenant, "picky", null, new EventInvokeConfigChange { MaximumRetryAttempts = 3, MaximumEventAgeInSeconds = 10, OnFailureDestination = "arn:aws:sqs:us-east-1:000000000000:q" }, CancellationToken.None));

        Assert.Equal(FunctionErrorKind.InvalidParameter, refused.Kind);
        Assert.Contains("MaximumRetryAttempts 3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MaximumEventAgeInSeconds 10", refused.Message, StringComparison.Ordinal);
        Assert.Contains("until Kumo has queues", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FunctionRequestException>(() => Configs.GetAsync(Tenant, "picky", null, CancellationToken.None));
    }

    [Fact]
    public async Task Enqueue_OverThePayloadLimitOrUnknownFunction_IsRefusedAndNothingIsQueued()
    {
        await CreateAsync("small", "def handler(event, context):\n    return 'ok'\n");
        var events = _server.Services.GetRequiredService<IEventInvoker>();

        var tooLarge = await events.EnqueueAsync(
            new InvokeRequest { TenantId = Tenant, FunctionName = "small", Payload = new byte[(64 * 1024) + 1] }, CancellationToken.None);
        var unknown = await events.EnqueueAsync(
            new InvokeRequest { TenantId = Tenant, FunctionName = "nobody", Payload = "{}"u8.ToArray() }, CancellationToken.None);

        Assert.Equal(EventAcceptanceStatus.TooLarge, tooLarge.Status);
        Assert.Equal(64 * 1024, tooLarge.PayloadLimit);
        Assert.Equal(EventAcceptanceStatus.NotFound, unknown.Status);
        Assert.Equal(0, await Queue.CountPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Start_WithAnEventLeftRunningByADeadProcess_RunsItAgain()
    {
        await CreateAsync("survivor", "def handler(event, context):\n    return 'ok'\n");
        // Stand in for a process that leased the event and died: due only in an hour, so this server's own
        // dispatcher leaves it alone, then leased "from the future" by an owner that never ends it.
        var now = DateTimeOffset.UtcNow;
        var requestId = Guid.NewGuid().ToString();
        await Queue.EnqueueAsync(new QueuedEvent { TenantId = Tenant, RequestId = requestId, FunctionName = "survivor", Payload = "{}"u8.ToArray(), EnqueuedAt = now, NextAttemptAt = now.AddHours(1) }, CancellationToken.None);
        var leased = await Queue.LeaseAsync("dead-process", now.AddHours(2), now.AddDays(1), 100, CancellationToken.None);
        Assert.Contains(leased, e => e.RequestId == requestId);
        await _server.DisposeAsync();

        _server = await StartAsync();

        var done = await UntilAsync(requestId, e => e.Status == QueuedEventStatus.Succeeded, "the recovered event to run");
        // The interrupted run counts as an attempt (it may have run); the run after the restart is the second.
        Assert.Equal(2, done.Attempts);
        var record = await _server.Services.GetRequiredService<IInvocationStore>().GetAsync(Tenant, requestId, CancellationToken.None);
        Assert.Equal(2, record!.Attempt);
    }
}
