using System.Collections.Concurrent;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Events;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Events;

public sealed class SqliteEventQueueTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private const string OwnerA = "dispatcher-a";
    private const string OwnerB = "dispatcher-b";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _data = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteEventQueue _queue;

    public SqliteEventQueueTests()
    {
        _database = new SqliteDatabase(_data.Path);
        _queue = new SqliteEventQueue(_database);
    }

    public async Task InitializeAsync()
    {
        using var metadata = new SqliteMetadataStore(_database, TimeProvider.System, NullLogger<SqliteMetadataStore>.Instance);
        await metadata.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _database.Close();
        _data.Dispose();
        return Task.CompletedTask;
    }

    private static QueuedEvent Event(string requestId, DateTimeOffset? nextAttemptAt = null, string tenantId = Tenant) => new()
    {
        TenantId = tenantId,
        RequestId = requestId,
        FunctionName = "thumbs",
        Payload = "{}"u8.ToArray(),
        EnqueuedAt = T0,
        NextAttemptAt = nextAttemptAt ?? T0,
    };

    private Task EnqueueAsync(QueuedEvent queuedEvent) => _queue.EnqueueAsync(queuedEvent, CancellationToken.None);

    private Task<IReadOnlyList<QueuedEvent>> LeaseAsync(string owner, DateTimeOffset now, int max = 10) =>
        _queue.LeaseAsync(owner, now, now + LeaseTime, max, CancellationToken.None);

    private async Task<QueuedEvent> GetAsync(string requestId) =>
        await _queue.GetAsync(Tenant, requestId, CancellationToken.None) ?? throw new InvalidOperationException($"no event {requestId}");

    // Records compare ReadOnlyMemory by reference: compare the payload bytes, then everything else.
    private static void AssertSameEvent(QueuedEvent expected, QueuedEvent? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
        Assert.Equal(expected with { Payload = actual.Payload }, actual);
    }

    [Fact]
    public async Task EnqueueAsync_EveryField_GetReturnsThemUnchanged()
    {
        var payload = new byte[1024 * 1024];
        new Random(42).NextBytes(payload);
        var stored = new QueuedEvent
        {
            TenantId = Tenant,
            RequestId = "r-1",
            FunctionName = "thumbs",
            Qualifier = "3",
            Payload = payload,
            AmznTraceId = "Root=1-5759e988-bd862e3fe1be46a994272793",
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Trigger = Kumo.Abstractions.Invocations.InvocationTriggers.S3,
            EnqueuedAt = new DateTimeOffset(2025, 6, 1, 14, 0, 0, 123, TimeSpan.FromHours(2)),
            NextAttemptAt = T0.AddSeconds(30),
            Attempts = 2,
            Status = QueuedEventStatus.Running,
            LeaseOwner = OwnerA,
            LeaseUntil = T0.AddMinutes(5),
            LastError = "Error: boom",
            FinishedAt = T0.AddMinutes(1),
        };

        await EnqueueAsync(stored);
        var read = await GetAsync("r-1");

        AssertSameEvent(stored, read);
        Assert.Equal(TimeSpan.Zero, read.EnqueuedAt.Offset);
    }

    [Fact]
    public async Task EnqueueAsync_NoOptionalFields_ReadsBackNullsAndEmptyPayload()
    {
        var stored = Event("r-1") with { Payload = ReadOnlyMemory<byte>.Empty };

        await EnqueueAsync(stored);
        var read = await GetAsync("r-1");

        Assert.True(read.Payload.IsEmpty);
        AssertSameEvent(stored, read);
        Assert.Equal(QueuedEventStatus.Queued, read.Status);
    }

    [Fact]
    public async Task EnqueueAsync_DuplicateRequestId_ThrowsStorageException()
    {
        await EnqueueAsync(Event("r-1"));

        var error = await Assert.ThrowsAsync<StorageException>(() => EnqueueAsync(Event("r-1")));

        Assert.Contains("r-1", error.Message, StringComparison.Ordinal);
        await EnqueueAsync(Event("r-1", tenantId: "tenant-b"));
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull() =>
        Assert.Null(await _queue.GetAsync(Tenant, "nope", CancellationToken.None));

    [Fact]
    public async Task LeaseAsync_MixedDueTimes_TakesOnlyDueOldestFirstUpToMax()
    {
        await EnqueueAsync(Event("later", T0.AddSeconds(10)));
        await EnqueueAsync(Event("due-2", T0.AddSeconds(-1)));
        await EnqueueAsync(Event("due-1", T0.AddSeconds(-2)));
        await EnqueueAsync(Event("due-3", T0));

        var first = await LeaseAsync(OwnerA, T0, max: 2);
        var second = await LeaseAsync(OwnerA, T0, max: 2);
        var third = await LeaseAsync(OwnerA, T0, max: 2);

        Assert.Equal(["due-1", "due-2"], first.Select(e => e.RequestId));
        Assert.Equal(["due-3"], second.Select(e => e.RequestId));
        Assert.Empty(third);
        Assert.All(first, e =>
        {
            Assert.Equal(QueuedEventStatus.Running, e.Status);
            Assert.Equal(OwnerA, e.LeaseOwner);
            Assert.Equal(T0 + LeaseTime, e.LeaseUntil);
        });
        Assert.Equal(QueuedEventStatus.Queued, (await GetAsync("later")).Status);
        AssertSameEvent(first[0], await GetAsync("due-1"));
    }

    [Fact]
    public async Task LeaseAsync_ExpiredLease_AnotherOwnerTakesItAndTheOldOwnerLosesIt()
    {
        await EnqueueAsync(Event("r-1"));
        await LeaseAsync(OwnerA, T0);

        Assert.Empty(await LeaseAsync(OwnerB, T0 + LeaseTime));
        var taken = await LeaseAsync(OwnerB, T0 + LeaseTime + TimeSpan.FromTicks(1));

        Assert.Equal(OwnerB, Assert.Single(taken).LeaseOwner);
        Assert.False(await _queue.FinishAsync(Tenant, "r-1", OwnerA, QueuedEventStatus.Succeeded, 1, null, T0, CancellationToken.None));
        Assert.False(await _queue.RequeueAsync(Tenant, "r-1", OwnerA, T0, 1, "late", CancellationToken.None));
        AssertSameEvent(taken[0], await GetAsync("r-1"));
    }

    [Fact]
    public async Task FinishAsync_Owner_SetsFinalStatusAndClearsLease()
    {
        await EnqueueAsync(Event("r-1"));
        await LeaseAsync(OwnerA, T0);

        Assert.True(await _queue.FinishAsync(Tenant, "r-1", OwnerA, QueuedEventStatus.Failed, 3, "Error: boom", T0.AddMinutes(1), CancellationToken.None));

        var finished = await GetAsync("r-1");
        Assert.Equal(QueuedEventStatus.Failed, finished.Status);
        Assert.Equal(3, finished.Attempts);
        Assert.Equal("Error: boom", finished.LastError);
        Assert.Equal(T0.AddMinutes(1), finished.FinishedAt);
        Assert.Null(finished.LeaseOwner);
        Assert.Null(finished.LeaseUntil);
        Assert.False(await _queue.FinishAsync(Tenant, "r-1", OwnerA, QueuedEventStatus.Succeeded, 3, null, T0, CancellationToken.None));
        Assert.Empty(await LeaseAsync(OwnerB, T0.AddHours(1)));
    }

    [Fact]
    public async Task FinishAsync_NotLeased_ReturnsFalse()
    {
        await EnqueueAsync(Event("r-1"));

        Assert.False(await _queue.FinishAsync(Tenant, "r-1", OwnerA, QueuedEventStatus.Succeeded, 1, null, T0, CancellationToken.None));
        Assert.False(await _queue.FinishAsync(Tenant, "missing", OwnerA, QueuedEventStatus.Succeeded, 1, null, T0, CancellationToken.None));
        Assert.Equal(QueuedEventStatus.Queued, (await GetAsync("r-1")).Status);
    }

    [Fact]
    public async Task RequeueAsync_Owner_QueuesAgainAndIsNotLeasedBeforeItsTime()
    {
        await EnqueueAsync(Event("r-1"));
        await LeaseAsync(OwnerA, T0);
        var retryAt = T0.AddMinutes(1);

        Assert.True(await _queue.RequeueAsync(Tenant, "r-1", OwnerA, retryAt, 1, "Error: boom", CancellationToken.None));

        var requeued = await GetAsync("r-1");
        Assert.Equal(QueuedEventStatus.Queued, requeued.Status);
        Assert.Equal(retryAt, requeued.NextAttemptAt);
        Assert.Equal(1, requeued.Attempts);
        Assert.Equal("Error: boom", requeued.LastError);
        Assert.Null(requeued.LeaseOwner);
        Assert.Null(requeued.LeaseUntil);
        Assert.Empty(await LeaseAsync(OwnerB, retryAt.AddTicks(-1)));
        Assert.Equal(OwnerB, Assert.Single(await LeaseAsync(OwnerB, retryAt)).LeaseOwner);
    }

    [Fact]
    public async Task RecoverAsync_RunningEvents_QueuesThemDueNowCountingTheInterruptedRunAsAnAttempt()
    {
        await EnqueueAsync(Event("r-1"));
        await EnqueueAsync(Event("r-2") with { Attempts = 2 });
        await EnqueueAsync(Event("r-3", T0.AddHours(1)));
        await LeaseAsync(OwnerA, T0, max: 2);
        var restart = T0.AddSeconds(5);

        Assert.Equal(2, await _queue.RecoverAsync(restart, CancellationToken.None));

        foreach (var (id, attempts) in new[] { ("r-1", 1), ("r-2", 3) })
        {
            var recovered = await GetAsync(id);
            Assert.Equal(QueuedEventStatus.Queued, recovered.Status);
            Assert.Equal(restart, recovered.NextAttemptAt);
            Assert.Equal(attempts, recovered.Attempts);
            Assert.Null(recovered.LeaseOwner);
            Assert.Null(recovered.LeaseUntil);
        }

        var untouched = await GetAsync("r-3");
        Assert.Equal(T0.AddHours(1), untouched.NextAttemptAt);
        Assert.Equal(0, untouched.Attempts);
        Assert.Equal(2, (await LeaseAsync(OwnerB, restart)).Count);
        Assert.Equal(2, await _queue.RecoverAsync(restart.AddSeconds(1), CancellationToken.None));
        Assert.Equal(2, (await GetAsync("r-1")).Attempts);
        Assert.Equal(4, (await GetAsync("r-2")).Attempts);
    }

    private async Task FailAsync(string requestId, QueuedEventStatus status = QueuedEventStatus.Failed)
    {
        var leased = await _queue.LeaseAsync("failer", T0.AddDays(1), T0.AddDays(2), 100, CancellationToken.None);
        Assert.Contains(leased, e => e.TenantId == Tenant && e.RequestId == requestId);
        foreach (var e in leased)
        {
            Assert.True(e.TenantId == Tenant && e.RequestId == requestId
                ? await _queue.FinishAsync(e.TenantId, e.RequestId, "failer", status, 3, "Error: boom", T0.AddMinutes(1), CancellationToken.None)
                : await _queue.RequeueAsync(e.TenantId, e.RequestId, "failer", e.NextAttemptAt, e.Attempts, e.LastError, CancellationToken.None));
        }
    }

    private async Task<string[]> ListIdsAsync(EventQuery query) =>
        [.. (await _queue.ListAsync(query, CancellationToken.None)).Select(e => e.RequestId)];

    [Fact]
    public async Task ListAsync_Filters_ReturnsTheTenantsMatchingEventsNewestFirstWithPayloads()
    {
        await EnqueueAsync(Event("r-1") with { EnqueuedAt = T0, Payload = "{\"n\":1}"u8.ToArray() });
        await EnqueueAsync(Event("r-2") with { EnqueuedAt = T0.AddMinutes(2), FunctionName = "mailer" });
        await EnqueueAsync(Event("r-3") with { EnqueuedAt = T0.AddMinutes(1) });
        await EnqueueAsync(Event("r-4") with { EnqueuedAt = T0.AddMinutes(3) });
        await EnqueueAsync(Event("b-1", tenantId: "tenant-b") with { EnqueuedAt = T0.AddMinutes(4) });
        await FailAsync("r-3");
        await FailAsync("r-4", QueuedEventStatus.Expired);

        Assert.Equal(["r-4", "r-2", "r-3", "r-1"], await ListIdsAsync(new EventQuery(Tenant)));
        Assert.Equal(["r-4", "r-3", "r-1"], await ListIdsAsync(new EventQuery(Tenant) { FunctionName = "thumbs" }));
        Assert.Equal(
            ["r-4", "r-3"],
            await ListIdsAsync(new EventQuery(Tenant) { Statuses = [QueuedEventStatus.Failed, QueuedEventStatus.Expired] }));
        Assert.Equal(["r-3"], await ListIdsAsync(new EventQuery(Tenant) { Statuses = [QueuedEventStatus.Failed] }));
        Assert.Equal(["r-2"], await ListIdsAsync(new EventQuery(Tenant) { FunctionName = "mailer", Statuses = [QueuedEventStatus.Queued] }));
        Assert.Empty(await ListIdsAsync(new EventQuery(Tenant) { Statuses = [] }));
        Assert.Equal(["r-4", "r-2"], await ListIdsAsync(new EventQuery(Tenant) { Limit = 2 }));
        Assert.Equal(["r-4"], await ListIdsAsync(new EventQuery(Tenant) { Limit = 0 }));
        Assert.Equal(["b-1"], await ListIdsAsync(new EventQuery("tenant-b")));
        var listed = await _queue.ListAsync(new EventQuery(Tenant) { Limit = 5000 }, CancellationToken.None);
        Assert.Equal("{\"n\":1}"u8.ToArray(), listed[^1].Payload.ToArray());
        AssertSameEvent(await GetAsync("r-3"), listed[2]);
    }

    [Fact]
    public async Task RedriveAsync_DeadLetters_QueuesThemAgainDueNowKeepingTheirAttemptsAndLastError()
    {
        await EnqueueAsync(Event("failed"));
        await EnqueueAsync(Event("expired"));
        await EnqueueAsync(Event("queued"));
        await FailAsync("failed");
        await FailAsync("expired", QueuedEventStatus.Expired);
        var now = T0.AddHours(2);

        var redriven = await _queue.RedriveAsync(Tenant, null, null, now, CancellationToken.None);

        Assert.Equal(["expired", "failed"], redriven);
        foreach (var id in redriven)
        {
            var e = await GetAsync(id);
            Assert.Equal(QueuedEventStatus.Queued, e.Status);
            Assert.Equal(now, e.NextAttemptAt);
            Assert.Equal(now, e.EnqueuedAt);
            Assert.Equal(3, e.Attempts);
            Assert.Equal("Error: boom", e.LastError);
            Assert.Null(e.FinishedAt);
            Assert.Null(e.LeaseOwner);
            Assert.Null(e.LeaseUntil);
        }

        var queued = await GetAsync("queued");
        Assert.Equal(T0, queued.EnqueuedAt);
        Assert.Empty(await _queue.RedriveAsync(Tenant, null, null, now, CancellationToken.None));
        Assert.Equal(["expired", "failed", "queued"], (await LeaseAsync(OwnerB, now)).Select(e => e.RequestId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RedriveAsync_Scopes_OnlyTheGivenIdsElseTheFunctionOnlyOfTheTenant()
    {
        await EnqueueAsync(Event("t-1"));
        await EnqueueAsync(Event("t-2"));
        await EnqueueAsync(Event("t-3"));
        await EnqueueAsync(Event("m-1") with { FunctionName = "mailer" });
        await EnqueueAsync(Event("q-1"));
        await EnqueueAsync(Event("t-1", tenantId: "tenant-b"));
        foreach (var id in new[] { "t-1", "t-2", "t-3", "m-1" })
        {
            await FailAsync(id);
        }

        var now = T0.AddHours(2);
        Assert.Empty(await _queue.RedriveAsync(Tenant, "thumbs", [], now, CancellationToken.None));
        Assert.Equal(
            ["m-1", "t-2"],
            await _queue.RedriveAsync(Tenant, "thumbs", ["t-2", "m-1", "q-1", "missing"], now, CancellationToken.None));
        Assert.Equal(["t-1", "t-3"], await _queue.RedriveAsync(Tenant, "thumbs", null, now, CancellationToken.None));
        Assert.Empty(await _queue.RedriveAsync(Tenant, "mailer", null, now, CancellationToken.None));
        Assert.Equal(QueuedEventStatus.Queued, (await GetAsync("q-1")).Status);
        Assert.Equal(T0, (await GetAsync("q-1")).EnqueuedAt);

        var other = await _queue.GetAsync("tenant-b", "t-1", CancellationToken.None);
        Assert.Equal(QueuedEventStatus.Queued, other!.Status);
        Assert.Empty(await _queue.RedriveAsync("tenant-b", null, null, now, CancellationToken.None));
    }

    [Fact]
    public async Task CountPendingAsync_QueuedAndRunning_CountsThemButNotFinished()
    {
        Assert.Equal(0, await _queue.CountPendingAsync(CancellationToken.None));
        await EnqueueAsync(Event("r-1"));
        await EnqueueAsync(Event("r-2"));
        await EnqueueAsync(Event("r-3", tenantId: "tenant-b"));
        await LeaseAsync(OwnerA, T0, max: 2);

        Assert.Equal(3, await _queue.CountPendingAsync(CancellationToken.None));
        Assert.True(await _queue.FinishAsync(Tenant, "r-1", OwnerA, QueuedEventStatus.Succeeded, 1, null, T0, CancellationToken.None));
        Assert.Equal(2, await _queue.CountPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LeaseAsync_ConcurrentLeasers_EachEventLeasedExactlyOnce()
    {
        const int Events = 200;
        for (var i = 0; i < Events; i++)
        {
            await EnqueueAsync(Event($"r-{i:D3}", T0.AddMilliseconds(i)));
        }

        var leases = new ConcurrentBag<(string Owner, string RequestId)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leasers = Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var owner = $"dispatcher-{n}";
            await start.Task;
            while (true)
            {
                var batch = await LeaseAsync(owner, T0.AddSeconds(1), max: 7);
                if (batch.Count == 0)
                {
                    return;
                }

                Assert.True(batch.Count <= 7);
                foreach (var leased in batch)
                {
                    Assert.Equal(owner, leased.LeaseOwner);
                    leases.Add((owner, leased.RequestId));
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(leasers).WaitAsync(TimeSpan.FromMinutes(1));

        var ids = leases.Select(l => l.RequestId).ToList();
        Assert.Equal(Events, ids.Count);
        Assert.Equal(Events, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var (owner, requestId) in leases)
        {
            Assert.Equal(owner, (await GetAsync(requestId)).LeaseOwner);
        }
    }

    [Fact]
    public async Task EnqueueAsync_DatabaseReopened_EventIsStillThere()
    {
        var stored = Event("r-1") with { Payload = "{\"key\":\"value\"}"u8.ToArray(), Qualifier = "prod" };
        await EnqueueAsync(stored);
        _database.Close();

        var reopened = new SqliteDatabase(_data.Path);
        try
        {
            var read = await new SqliteEventQueue(reopened).GetAsync(Tenant, "r-1", CancellationToken.None);

            AssertSameEvent(stored, read);
        }
        finally
        {
            reopened.Close();
        }
    }
}
