using Kumo.Abstractions.Events;
using Kumo.Abstractions.Invocations;
using Kumo.Storage.Sqlite.Events;
using Kumo.Storage.Sqlite.Invocations;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Invocations;

/// <summary>
/// Idempotency keys of synchronous invocations: one claim wins, its response answers repeats, a refused run gives
/// the key up, an abandoned claim is taken over, and the keys are shared with asynchronous invocations.
/// </summary>
public sealed class SqliteIdempotencyStoreTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _data = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteIdempotencyStore _keys;

    public SqliteIdempotencyStoreTests()
    {
        _database = new SqliteDatabase(_data.Path);
        _keys = new SqliteIdempotencyStore(_database, TimeProvider.System);
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

    private static IdempotencyClaim Claim(string requestId, DateTimeOffset at, string key = "order-7", string function = "orders") =>
        new(Tenant, key, function, requestId, at, Window, at - AbandonAfter);

    private static readonly StoredInvokeResponse Response = new("{\"ok\":true}"u8.ToArray(), null, "$LATEST", "START\nEND\n");

    [Fact]
    public async Task ClaimAsync_AFreeKey_IsClaimedWithoutAResponse()
    {
        var holder = await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);

        Assert.True(holder.Claimed);
        Assert.Equal("r-1", holder.RequestId);
        Assert.Equal(IdempotencyKind.Sync, holder.Kind);
        Assert.Equal("orders", holder.FunctionName);
        Assert.Null(holder.Response);
    }

    [Fact]
    public async Task ClaimAsync_WhileTheFirstRuns_ReturnsTheFirstWithoutAResponse()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);

        var repeat = await _keys.ClaimAsync(Claim("r-2", T0.AddSeconds(5)), CancellationToken.None);

        Assert.False(repeat.Claimed);
        Assert.Equal("r-1", repeat.RequestId);
        Assert.Null(repeat.Response);
    }

    [Fact]
    public async Task CompleteAsync_KeepsTheResponse_WhichRepeatsGetUnderTheFirstId()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);
        var failed = new StoredInvokeResponse("{\"errorMessage\":\"boom\"}"u8.ToArray(), "Unhandled", "$LATEST", "START\nboom\nEND\n");

        Assert.True(await _keys.CompleteAsync(Tenant, "order-7", "r-1", failed, CancellationToken.None));
        var repeat = await _keys.ClaimAsync(Claim("r-2", T0.AddHours(23)), CancellationToken.None);

        Assert.False(repeat.Claimed);
        Assert.Equal("r-1", repeat.RequestId);
        Assert.NotNull(repeat.Response);
        Assert.Equal(failed.Payload, repeat.Response.Payload);
        Assert.Equal("Unhandled", repeat.Response.FunctionError);
        Assert.Equal("$LATEST", repeat.Response.ExecutedVersion);
        Assert.Equal(failed.Log, repeat.Response.Log);
    }

    [Fact]
    public async Task CompleteAsync_ByARequestThatNoLongerHoldsTheKey_ChangesNothing()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);

        Assert.False(await _keys.CompleteAsync(Tenant, "order-7", "r-other", Response, CancellationToken.None));
        var repeat = await _keys.ClaimAsync(Claim("r-2", T0.AddSeconds(1)), CancellationToken.None);
        Assert.Null(repeat.Response);
    }

    [Fact]
    public async Task ReleaseAsync_LetsTheNextRepeatClaimTheKey()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);

        await _keys.ReleaseAsync(Tenant, "order-7", "r-1", CancellationToken.None);
        var repeat = await _keys.ClaimAsync(Claim("r-2", T0.AddSeconds(1)), CancellationToken.None);

        Assert.True(repeat.Claimed);
        Assert.Equal("r-2", repeat.RequestId);
    }

    [Fact]
    public async Task ReleaseAsync_AfterTheResponseWasKept_KeepsTheKey()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);
        await _keys.CompleteAsync(Tenant, "order-7", "r-1", Response, CancellationToken.None);

        await _keys.ReleaseAsync(Tenant, "order-7", "r-1", CancellationToken.None);
        var repeat = await _keys.ClaimAsync(Claim("r-2", T0.AddSeconds(1)), CancellationToken.None);

        Assert.False(repeat.Claimed);
        Assert.NotNull(repeat.Response);
    }

    [Fact]
    public async Task ClaimAsync_AnAbandonedClaim_IsTakenOver_AndItsOldRunCannotComplete()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);

        var takeover = await _keys.ClaimAsync(Claim("r-2", T0 + AbandonAfter + TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.True(takeover.Claimed);
        Assert.Equal("r-2", takeover.RequestId);
        Assert.False(await _keys.CompleteAsync(Tenant, "order-7", "r-1", Response, CancellationToken.None));
        Assert.True(await _keys.CompleteAsync(Tenant, "order-7", "r-2", Response, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimAsync_ACompletedClaim_IsNeverTakenOverWithinTheWindow()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);
        await _keys.CompleteAsync(Tenant, "order-7", "r-1", Response, CancellationToken.None);

        var repeat = await _keys.ClaimAsync(Claim("r-2", T0.AddHours(12)), CancellationToken.None);

        Assert.False(repeat.Claimed);
        Assert.Equal("r-1", repeat.RequestId);
    }

    [Fact]
    public async Task ClaimAsync_AfterTheWindow_ClaimsAgain()
    {
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);
        await _keys.CompleteAsync(Tenant, "order-7", "r-1", Response, CancellationToken.None);

        var later = await _keys.ClaimAsync(Claim("r-2", T0.AddHours(25)), CancellationToken.None);

        Assert.True(later.Claimed);
        Assert.Null(later.Response);
    }

    [Fact]
    public async Task ClaimAsync_AKeyHeldByAnEvent_ReturnsTheEventAsHolder()
    {
        var queue = new SqliteEventQueue(_database);
        var queued = new QueuedEvent
        {
            TenantId = Tenant,
            RequestId = "e-1",
            FunctionName = "orders",
            Payload = "{}"u8.ToArray(),
            EnqueuedAt = T0,
            NextAttemptAt = T0,
        };
        await queue.EnqueueOnceAsync(queued, "order-7", Window, CancellationToken.None);

        var sync = await _keys.ClaimAsync(Claim("r-1", T0.AddHours(1)), CancellationToken.None);
        var again = await queue.EnqueueOnceAsync(queued with { RequestId = "e-2" }, "order-7", Window, CancellationToken.None);

        Assert.False(sync.Claimed);
        Assert.Equal(IdempotencyKind.Event, sync.Kind);
        Assert.Equal("e-1", sync.RequestId);
        Assert.False(again.Claimed);
        Assert.Equal("e-1", again.RequestId);
    }

    [Fact]
    public async Task ClaimAsync_AnEventOnAKeyHeldBySync_StoresNoEvent()
    {
        var queue = new SqliteEventQueue(_database);
        await _keys.ClaimAsync(Claim("r-1", T0), CancellationToken.None);

        var holder = await queue.EnqueueOnceAsync(
            new QueuedEvent { TenantId = Tenant, RequestId = "e-1", FunctionName = "orders", Payload = "{}"u8.ToArray(), EnqueuedAt = T0, NextAttemptAt = T0 },
            "order-7",
            Window,
            CancellationToken.None);

        Assert.False(holder.Claimed);
        Assert.Equal(IdempotencyKind.Sync, holder.Kind);
        Assert.Null(await queue.GetAsync(Tenant, "e-1", CancellationToken.None));
    }

    [Fact]
    public async Task ClaimAsync_HundredConcurrentClaims_ExactlyOneWins()
    {
        var claims = Enumerable.Range(0, 100).Select(i => Task.Run(() => _keys.ClaimAsync(Claim($"r-{i}", T0), CancellationToken.None)));

        var holders = await Task.WhenAll(claims);

        var winner = Assert.Single(holders, h => h.Claimed);
        Assert.All(holders, h => Assert.Equal(winner.RequestId, h.RequestId));
    }
}
