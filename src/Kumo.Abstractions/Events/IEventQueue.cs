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
    /// Puts a leased event back in the queue, due at <paramref name="nextAttemptAt"/> (a retry, or a throttled try);
    /// false, changing nothing, when <paramref name="owner"/> no longer holds it.
    /// </summary>
    Task<bool> RequeueAsync(
        string tenantId, string requestId, string owner, DateTimeOffset nextAttemptAt, int attempts, string? lastError, CancellationToken cancellationToken);

    /// <summary>
    /// Puts every running event back in the queue, due now: at start-up of a single node, whatever was running
    /// belonged to a process that is gone. Returns how many.
    /// </summary>
    Task<int> RecoverAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One event, or null.</summary>
    Task<QueuedEvent?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken);

    /// <summary>How many events wait or run, across tenants.</summary>
    Task<int> CountPendingAsync(CancellationToken cancellationToken);
}
