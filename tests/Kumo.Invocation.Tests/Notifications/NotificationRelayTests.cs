using System.Text.Json;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Objects;
using Kumo.Core.Invocations;
using Kumo.Invocation.Notifications;
using Kumo.Testing;
using Microsoft.Extensions.Logging;
using static Kumo.Invocation.Tests.Notifications.RelayTestBed;

namespace Kumo.Invocation.Tests.Notifications;

/// <summary>
/// The relay from a bucket's changes to its functions, over the real SQLite store and event queue: what it queues,
/// that a crash or a failing store never loses or repeats an event, and that a recursive loop is stopped.
/// </summary>
public sealed class NotificationRelayTests : IAsyncLifetime
{
    private const string Root = "1-5759e988-bd862e3fe1be46a994272793";
    private RelayTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync("photos", "thumbs", "cleanup");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static JsonElement Record(InvokeRequest request)
    {
        using var document = JsonDocument.Parse(request.Payload);
        return document.RootElement.GetProperty("Records")[0].Clone();
    }

    private static string KeyOf(InvokeRequest request) => Record(request).GetProperty("s3").GetProperty("object").GetProperty("key").GetString()!;

    [Fact]
    public async Task RelayOnce_MatchingChanges_QueueOneS3EventPerMatchingConfiguration()
    {
        await _bed.ConfigureAsync(
            "photos",
            Notify("thumbnails", "thumbs", ["s3:ObjectCreated:*"], "uploads/", ".jpg"),
            Notify("removals", "cleanup", ["s3:ObjectRemoved:*"]));
        for (var i = 0; i < 10; i++)
        {
            await _bed.PutAsync("photos", i % 2 == 0 ? $"uploads/cat {i}.jpg" : $"uploads/cat {i}.png", "meow");
        }

        await _bed.Store.DeleteAsync("photos", "uploads/cat 0.jpg", null, CancellationToken.None);

        Assert.Equal(11, await _bed.Relay.RelayOnceAsync(CancellationToken.None));

        var thumbs = _bed.Invoker.Queued.Where(r => r.FunctionName == "thumbs").ToList();
        Assert.Equal(["uploads/cat+0.jpg", "uploads/cat+2.jpg", "uploads/cat+4.jpg", "uploads/cat+6.jpg", "uploads/cat+8.jpg"], thumbs.Select(KeyOf));
        var removal = Assert.Single(_bed.Invoker.Queued, r => r.FunctionName == "cleanup");
        Assert.Equal("ObjectRemoved:Delete", Record(removal).GetProperty("eventName").GetString());
        Assert.All(_bed.Invoker.Queued, r => Assert.Equal(InvocationTriggers.S3, r.Trigger));
        Assert.Equal(6, _bed.Invoker.Queued.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Empty(await _bed.PendingChangesAsync());

        var queued = await _bed.QueuedEventsAsync("thumbs");
        Assert.Equal(5, queued.Count);
        Assert.All(queued, e => Assert.Equal((InvocationTriggers.S3, QueuedEventStatus.Queued), (e.Trigger, e.Status)));
    }

    [Fact]
    public async Task RelayOnce_Event_IsS3sRecordWithTheChangesOrigin()
    {
        await _bed.ConfigureAsync("photos", Notify("thumbnails", "thumbs", ["s3:ObjectCreated:Put"]));
        var put = await _bed.PutAsync("photos", "a b/ü(1)+x.jpg", "meow", $"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1");

        await _bed.Relay.RelayOnceAsync(CancellationToken.None);

        var request = Assert.Single(_bed.Invoker.Queued);
        var record = Record(request);
        Assert.Equal("2.1", record.GetProperty("eventVersion").GetString());
        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("eu-west-1", record.GetProperty("awsRegion").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", record.GetProperty("eventTime").GetString());
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("10.1.2.3", record.GetProperty("requestParameters").GetProperty("sourceIPAddress").GetString());
        Assert.Equal("0123456789ABCDEF", record.GetProperty("responseElements").GetProperty("x-amz-request-id").GetString());
        var s3 = record.GetProperty("s3");
        Assert.Equal("thumbnails", s3.GetProperty("configurationId").GetString());
        Assert.Equal("arn:aws:s3:::photos", s3.GetProperty("bucket").GetProperty("arn").GetString());
        var objectPart = s3.GetProperty("object");
        Assert.Equal("a+b/%C3%BC%281%29%2Bx.jpg", objectPart.GetProperty("key").GetString());
        Assert.Equal(4, objectPart.GetProperty("size").GetInt64());
        Assert.Equal(put!.ETag.Trim('"'), objectPart.GetProperty("eTag").GetString());
        Assert.Matches("^[0-9A-F]{16}$", objectPart.GetProperty("sequencer").GetString());
        // The trace goes on, with the first count of this function's lineage.
        Assert.Equal($"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1;Lineage={TraceLineage.FunctionId(Tenant, "thumbs")}:0", request.AmznTraceId);
    }

    [Fact]
    public async Task RelayOnce_Removal_HasNeitherSizeNorETag_AndSequencersSortAsTheChanges()
    {
        await _bed.ConfigureAsync("photos", Notify("all", "thumbs", ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]));
        await _bed.PutAsync("photos", "k", "x");
        await _bed.Store.DeleteAsync("photos", "k", null, CancellationToken.None);

        await _bed.Relay.RelayOnceAsync(CancellationToken.None);

        var records = _bed.Invoker.Queued.Select(Record).ToList();
        var removed = records[1].GetProperty("s3").GetProperty("object");
        Assert.False(removed.TryGetProperty("size", out _));
        Assert.False(removed.TryGetProperty("eTag", out _));
        var sequencers = records.Select(r => r.GetProperty("s3").GetProperty("object").GetProperty("sequencer").GetString()!).ToList();
        Assert.True(string.CompareOrdinal(sequencers[0], sequencers[1]) < 0);
    }

    [Fact]
    public async Task RelayOnce_HundredChanges_AreReadAndHandedOnInOneBatch()
    {
        await _bed.ConfigureAsync("photos", Notify("all", "thumbs", ["s3:ObjectCreated:*"]));
        for (var i = 0; i < NotificationRelay.BatchSize + 5; i++)
        {
            await _bed.PutAsync("photos", $"k{i:D3}", "x");
        }

        Assert.Equal(NotificationRelay.BatchSize, await _bed.Relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(NotificationRelay.BatchSize, _bed.Invoker.Queued.Count);
        Assert.Equal(5, await _bed.Relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(0, await _bed.Relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(NotificationRelay.BatchSize + 5, (await _bed.QueuedEventsAsync("thumbs")).Count);
    }

    [Fact]
    public async Task RelayOnce_CrashBetweenQueuingAndAcknowledging_QueuesNothingTwice()
    {
        await _bed.ConfigureAsync("photos", Notify("all", "thumbs", ["s3:ObjectCreated:*"]));
        for (var i = 0; i < 3; i++)
        {
            await _bed.PutAsync("photos", $"k{i}", "x");
        }

        _bed.Feed.FailAcknowledgements(1);
        await Assert.ThrowsAsync<IOException>(() => _bed.Relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(3, (await _bed.PendingChangesAsync()).Count);

        Assert.Equal(3, await _bed.Relay.RelayOnceAsync(CancellationToken.None));

        Assert.Equal(6, _bed.Invoker.Calls.Count);
        Assert.All(_bed.Invoker.Calls.Skip(3), c => Assert.True(c.Acceptance.Repeated));
        Assert.Equal(3, (await _bed.QueuedEventsAsync("thumbs")).Count);
        Assert.Empty(await _bed.PendingChangesAsync());
    }

    [Fact]
    public async Task RelayOnce_FunctionDeleted_ChangeIsAcknowledgedAndLogged()
    {
        await _bed.ConfigureAsync("photos", Notify("gone", "deleted-function", ["s3:ObjectCreated:*"]));
        await _bed.PutAsync("photos", "k", "x");

        Assert.Equal(1, await _bed.Relay.RelayOnceAsync(CancellationToken.None));

        Assert.Empty(_bed.Invoker.Queued);
        Assert.Empty(await _bed.PendingChangesAsync());
        Assert.Contains(_bed.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("deleted-function", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RelayOnce_ConfigurationRemovedAfterTheChange_InvokesAsConfiguredWhenTheChangeWasMade()
    {
        await _bed.ConfigureAsync("photos", Notify("all", "thumbs", ["s3:ObjectCreated:*"]));
        await _bed.PutAsync("photos", "k", "x");
        await _bed.Store.SetBucketSettingAsync("photos", BucketSettings.Notification, null, CancellationToken.None);
        await _bed.PutAsync("photos", "after", "x");

        Assert.Equal(1, await _bed.Relay.RelayOnceAsync(CancellationToken.None));

        Assert.Equal(["k"], _bed.Invoker.Queued.Select(KeyOf));
        Assert.Empty(await _bed.PendingChangesAsync());
    }

    [Fact]
    public async Task RelayOnce_BucketDeletedAndRecreatedBeforeTheRelayRuns_ChangesStillReachTheFunctionsConfiguredThen()
    {
        // As 'aws s3 rb --force' does: the objects go, then the bucket, faster than the relay hands the removals on.
        await _bed.ConfigureAsync("photos", Notify("removals", "cleanup", ["s3:ObjectRemoved:*"]));
        await _bed.PutAsync("photos", "a", "x");
        await _bed.PutAsync("photos", "b", "x");
        await _bed.Store.DeleteAsync("photos", "a", null, CancellationToken.None);
        await _bed.Store.DeleteAsync("photos", "b", null, CancellationToken.None);
        Assert.Equal(ObjectStoreResult.Done, await _bed.Store.DeleteBucketAsync("photos", CancellationToken.None));
        await _bed.Store.CreateBucketAsync(new BucketInfo(Tenant, "photos", DateTimeOffset.UtcNow, "us-east-1"), CancellationToken.None);
        await _bed.ConfigureAsync("photos", Notify("everything", "thumbs", ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]));

        Assert.Equal(4, await _bed.Relay.RelayOnceAsync(CancellationToken.None));

        Assert.Equal([("cleanup", "a"), ("cleanup", "b")], _bed.Invoker.Queued.Select(r => (r.FunctionName, KeyOf(r))));
        // The region of the bucket the changes were made in, not of the one made since.
        Assert.All(_bed.Invoker.Queued, r => Assert.Equal("eu-west-1", Record(r).GetProperty("awsRegion").GetString()));
        Assert.Empty(await _bed.PendingChangesAsync());
    }

    [Fact]
    public async Task RelayOnce_LineageAtFifteen_IsADeadLetterNamingTheLoop_NotInvoked()
    {
        await _bed.ConfigureAsync("photos", Notify("self", "thumbs", ["s3:ObjectCreated:*"]));
        var thumbs = TraceLineage.FunctionId(Tenant, "thumbs");
        // botocore percent-encodes the '|' of a lineage with more than one function.
        await _bed.PutAsync("photos", "loop/15.jpg", "x", $"Root={Root};Parent=53995c3f42cd8ad8;Sampled=0;Lineage={thumbs}:15%7Ca87bd80c:2");

        await _bed.Relay.RelayOnceAsync(CancellationToken.None);

        Assert.Empty(_bed.Invoker.Calls);
        var stopped = Assert.Single(await _bed.QueuedEventsAsync("thumbs"));
        Assert.Equal((QueuedEventStatus.Failed, 0, InvocationTriggers.S3), (stopped.Status, stopped.Attempts, stopped.Trigger));
        Assert.StartsWith("RecursiveInvocationException: Kumo stopped a recursive loop: function 'thumbs'", stopped.LastError, StringComparison.Ordinal);
        Assert.Contains("'photos'", stopped.LastError, StringComparison.Ordinal);
        Assert.Contains("'loop/15.jpg'", stopped.LastError, StringComparison.Ordinal);
        Assert.Contains($"Lineage={thumbs}:16|a87bd80c:2", stopped.AmznTraceId, StringComparison.Ordinal);
        using (var payload = JsonDocument.Parse(stopped.Payload))
        {
            Assert.Equal("loop/15.jpg", payload.RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        }

        Assert.Contains(_bed.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("recursive loop", StringComparison.Ordinal));
        Assert.Empty(await _bed.PendingChangesAsync());
    }

    [Fact]
    public async Task RelayOnce_LineageBelowTheLimitOrOfAnotherFunction_Invokes()
    {
        await _bed.ConfigureAsync("photos", Notify("self", "thumbs", ["s3:ObjectCreated:*"]));
        var thumbs = TraceLineage.FunctionId(Tenant, "thumbs");
        await _bed.PutAsync("photos", "k14", "x", $"Root={Root};Lineage={thumbs}:14");
        await _bed.PutAsync("photos", "other", "x", $"Root={Root};Lineage=a87bd80c:40");

        await _bed.Relay.RelayOnceAsync(CancellationToken.None);

        Assert.Equal(
            [$"Root={Root};Sampled=0;Lineage={thumbs}:15", $"Root={Root};Sampled=0;Lineage={thumbs}:0|a87bd80c:40"],
            _bed.Invoker.Queued.Select(r => r.AmznTraceId));
    }

    [Fact]
    public async Task RelayOnce_StoppedLoopReadAgainAfterACrash_IsOneDeadLetter()
    {
        await _bed.ConfigureAsync("photos", Notify("self", "thumbs", ["s3:ObjectCreated:*"]));
        await _bed.PutAsync("photos", "k", "x", $"Root={Root};Lineage={TraceLineage.FunctionId(Tenant, "thumbs")}:15");
        _bed.Feed.FailAcknowledgements(1);

        await Assert.ThrowsAsync<IOException>(() => _bed.Relay.RelayOnceAsync(CancellationToken.None));
        await _bed.Relay.RelayOnceAsync(CancellationToken.None);

        Assert.Single(await _bed.QueuedEventsAsync("thumbs"));
    }

    [Fact]
    public async Task Running_StoreFailsForAWhile_EveryChangeIsHandedOnOnceItRecovers()
    {
        await _bed.ConfigureAsync("photos", Notify("all", "thumbs", ["s3:ObjectCreated:*"]));
        _bed.Feed.FailReads(2);
        await _bed.Relay.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await _bed.PutAsync("photos", $"k{i:D2}", "x");
            }

            await Poll.UntilAsync(() => _bed.Invoker.Queued.Count == 20, "every change to be queued", TimeSpan.FromSeconds(60));
            Assert.True(_bed.Feed.ReadFailures < 0, "the injected failures were met");
            Assert.Contains(_bed.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("trying again", StringComparison.Ordinal));

            // Awake: a change made later is handed on too.
            await _bed.PutAsync("photos", "later", "x");
            await Poll.UntilAsync(() => _bed.Invoker.Queued.Count == 21, "the later change to be queued", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await _bed.Relay.StopAsync(CancellationToken.None);
        }

        Assert.Equal(21, (await _bed.QueuedEventsAsync("thumbs")).Count);
        Assert.Empty(await _bed.PendingChangesAsync());
    }
}
