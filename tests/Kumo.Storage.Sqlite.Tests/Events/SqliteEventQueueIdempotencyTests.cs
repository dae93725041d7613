using Kumo.Abstractions.Events;
using Kumo.Abstractions.Invocations;
using Kumo.Storage.Sqlite.Events;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Events;

/// <summary>
/// Idempotency keys (the claim and the event are one transaction; one of many concurrent repeats is stored) and
/// the results kept for fetching by id.
/// </summary>
public sealed class SqliteEventQueueIdempotencyTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly TempDirectory _data = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteEventQueue _queue;

    public SqliteEventQueueIdempotencyTests()
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

    private static QueuedEvent Event(string requestId, DateTimeOffset at, string tenantId = Tenant) => new()
    {
        TenantId = tenantId,
        RequestId = requestId,
        FunctionName = "orders",
        Payload = "{}"u8.ToArray(),
        EnqueuedAt = at,
        NextAttemptAt = at,
    };

    [Fact]
    public async Task EnqueueOnceAsync_ARepeatWithinTheWindow_ReturnsTheFirstIdAndStoresNothing()
    {
        var first = await _queue.EnqueueOnceAsync(Event("r-1", T0), "order-7", Window, CancellationToken.None);
        var repeat = await _queue.EnqueueOnceAsync(Event("r-2", T0.AddHours(23)), "order-7", Window, CancellationToken.None);

        Assert.True(first.Claimed);
        Assert.Equal("r-1", first.RequestId);
        Assert.False(repeat.Claimed);
        Assert.Equal("r-1", repeat.RequestId);
        Assert.Equal(IdempotencyKind.Event, repeat.Kind);
        Assert.Equal("orders", repeat.FunctionName);
        Assert.NotNull(await _queue.GetAsync(Tenant, "r-1", CancellationToken.None));
        Assert.Null(await _queue.GetAsync(Tenant, "r-2", CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueOnceAsync_AfterTheWindow_StoresTheNewEvent()
    {
        await _queue.EnqueueOnceAsync(Event("r-1", T0), "order-7", Window, CancellationToken.None);

        var later = await _queue.EnqueueOnceAsync(Event("r-2", T0.AddHours(25)), "order-7", Window, CancellationToken.None);

        Assert.True(later.Claimed);
        Assert.Equal("r-2", later.RequestId);
        Assert.NotNull(await _queue.GetAsync(Tenant, "r-2", CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueOnceAsync_SameKeyInAnotherTenant_IsIndependent()
    {
        await _queue.EnqueueOnceAsync(Event("r-1", T0), "order-7", Window, CancellationToken.None);

        var other = await _queue.EnqueueOnceAsync(Event("r-2", T0, "tenant-b"), "order-7", Window, CancellationToken.None);

        Assert.True(other.Claimed);
        Assert.Equal("r-2", other.RequestId);
    }

    [Fact]
    public async Task EnqueueOnceAsync_HundredConcurrentRepeats_StoresExactlyOne()
    {
        var claims = Enumerable.Range(0, 100)
            .Select(i => Task.Run(() => _queue.EnqueueOnceAsync(Event($"r-{i}", T0), "burst", Window, CancellationToken.None)));

        var winners = await Task.WhenAll(claims);

        var winner = Assert.Single(winners.Select(w => w.RequestId).Distinct());
        Assert.Single(winners, w => w.Claimed);
        Assert.Equal(1, await _queue.CountPendingAsync(CancellationToken.None));
        Assert.NotNull(await _queue.GetAsync(Tenant, winner, CancellationToken.None));
    }

    [Fact]
    public async Task SaveResultAsync_ByTheLeaseHolder_IsReadBackOnceTheEventSucceeded()
    {
        await _queue.EnqueueAsync(Event("r-1", T0), CancellationToken.None);
        await _queue.LeaseAsync("owner", T0, T0.AddMinutes(5), 1, CancellationToken.None);

        var byOther = await _queue.SaveResultAsync(Tenant, "r-1", "someone-else", "{\"x\":1}"u8.ToArray(), CancellationToken.None);
        var byOwner = await _queue.SaveResultAsync(Tenant, "r-1", "owner", "{\"total\":42}"u8.ToArray(), CancellationToken.None);
        var whileRunning = await _queue.GetResultAsync(Tenant, "r-1", CancellationToken.None);
        await _queue.FinishAsync(Tenant, "r-1", "owner", QueuedEventStatus.Succeeded, 1, null, T0.AddMinutes(1), CancellationToken.None);

        Assert.False(byOther);
        Assert.True(byOwner);
        Assert.Null(whileRunning);
        Assert.Equal("{\"total\":42}"u8.ToArray(), await _queue.GetResultAsync(Tenant, "r-1", CancellationToken.None));
        Assert.Null(await _queue.GetResultAsync(Tenant, "unknown", CancellationToken.None));
    }
}
