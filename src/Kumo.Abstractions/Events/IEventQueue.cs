namespace Kumo.Abstractions.Events;

/// <summary>
/// The durable queue of asynchronous invocations: an accepted event is on disk before the caller hears so, and
/// leaves only when it reached a final status. Delivery is at least once: a lease that runs out (its dispatcher
/// died) makes the event available again. One implementation per storage backend.
/// </summary>
public interface IEventQueue
{
    /// <summary>Stores a new event (status <see cref="QueuedEventStatus.Queued"/>), flushed to disk before it returns.</summary>
    Task EnqueueAsync(QueuedEvent queuedEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new event unless another one already holds <paramref name="idempotencyKey"/> (claimed less than
    /// <paramref name="window"/> before <see cref="QueuedEvent.EnqueuedAt"/>); claiming the key and storing the event
    /// are one transaction, so of any number of concurrent repeats exactly one is stored, and a key never points
    /// at an event that was not written. Claims older than the window are forgotten.
    /// </summary>
    /// <returns>
    /// The key's holder: this event, <see cref="Invocations.IdempotencyHolder.Claimed"/>, when it was stored. The holder
    /// may be a synchronous invocation (keys are shared); then nothing was stored.
    /// </returns>
    Task<Invocations.IdempotencyHolder> EnqueueOnceAsync(QueuedEvent queuedEvent, string idempotencyKey, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> events to <paramref name="owner"/> until <paramref name="leaseUntil"/>:
    /// queued ones due at <paramref name="now"/> (oldest due first), and running ones whose lease ran out.
    /// They become <see cref="QueuedEventStatus.Running"/>; no two owners ever hold one event at once.
    /// </summary>
    Task<IReadOnlyList<QueuedEvent>> LeaseAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a leased event with a final status (<see cref="QueuedEventStatus.Succeeded"/>, <see cref="QueuedEventStatus.Failed"/>
    /// or <see cref="QueuedEventStatus.Expired"/>); false, changing nothing, when <paramref name="owner"/> no longer holds it.
    /// </summary>
    Task<bool> FinishAsync(
        string tenantId, string requestId, string owner, QueuedEventStatus status, int attempts, string? lastError, DateTimeOffset finishedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps what the function returned for a leased event, so it can be fetched by id; false, changing nothing,
    /// when <paramref name="owner"/> no longer holds it. Call before <see cref="FinishAsync"/>.
    /// </summary>
    Task<bool> SaveResultAsync(string tenantId, string requestId, string owner, ReadOnlyMemory<byte> result, CancellationToken cancellationToken);

    /// <summary>What the function returned for the event, when it succeeded and the result was kept; otherwise null.</summary>
    Task<byte[]?> GetResultAsync(string tenantId, string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a leased event back in the queue, due at <paramref name="nextAttemptAt"/> (a retry, or a throttled try);
    /// false, changing nothing, when <paramref name="owner"/> no longer holds it.
    /// </summary>
    Task<bool> RequeueAsync(
        string tenantId, string requestId, string owner, DateTimeOffset nextAttemptAt, int attempts, string? lastError, CancellationToken cancellationToken);

    /// <summary>
    /// Puts every running event back in the queue, due now: at start-up of a single node, whatever was running
    /// belonged to a process that is gone. The interrupted run counts as an attempt (it may have run), so the
    /// next run is recorded under a new attempt number and a crash loop cannot retry forever. Returns how many.
    /// </summary>
    Task<int> RecoverAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One event, or null.</summary>
    Task<QueuedEvent?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken);

    /// <summary>The events that match, newest (by <see cref="QueuedEvent.EnqueuedAt"/>) first; payloads included.</summary>
    Task<IReadOnlyList<QueuedEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Sends dead letters (events <see cref="QueuedEventStatus.Failed"/> or <see cref="QueuedEventStatus.Expired"/>)
    /// back for one more try: they become Queued, due at <paramref name="now"/>, with
    /// <see cref="QueuedEvent.EnqueuedAt"/> set to <paramref name="now"/> (their age starts again). Their attempts
    /// keep counting, so every run keeps its own attempt number (and a redriven event that fails again is a dead
    /// letter again at once, without a new round of retries). Only the tenant's
    /// events; only <paramref name="requestIds"/> when given, else every dead letter of <paramref name="functionName"/>
    /// (or of the tenant, when that is null too). Returns the request ids sent back.
    /// </summary>
    Task<IReadOnlyList<string>> RedriveAsync(
        string tenantId, string? functionName, IReadOnlyCollection<string>? requestIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How many events wait or run, across tenants.</summary>
    Task<int> CountPendingAsync(CancellationToken cancellationToken);
}
