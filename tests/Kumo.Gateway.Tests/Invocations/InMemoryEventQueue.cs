using System.Collections.Concurrent;
using Kumo.Abstractions.Events;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary>Events in memory, for the native API's reads; the dispatcher's operations are not needed here.</summary>
internal sealed class InMemoryEventQueue : IEventQueue
{
    public ConcurrentDictionary<string, QueuedEvent> Events { get; } = new();

    public Task EnqueueAsync(QueuedEvent queuedEvent, CancellationToken cancellationToken)
    {
        Events[queuedEvent.RequestId] = queuedEvent;
        return Task.CompletedTask;
    }

    public Task<Kumo.Abstractions.Invocations.IdempotencyHolder> EnqueueOnceAsync(
        QueuedEvent queuedEvent, string idempotencyKey, TimeSpan window, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the native API does not queue events");

    public ConcurrentDictionary<string, byte[]> Results { get; } = new();

    public Task<bool> SaveResultAsync(string tenantId, string requestId, string owner, ReadOnlyMemory<byte> result, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the native API does not save results");

    public Task<byte[]?> GetResultAsync(string tenantId, string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Results.TryGetValue(requestId, out var result) ? result : null);

    public Task<QueuedEvent?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(Events.TryGetValue(requestId, out var e) && e.TenantId == tenantId ? e : null);

    public Task<IReadOnlyList<QueuedEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QueuedEvent>>([.. Events.Values
            .Where(e => e.TenantId == query.TenantId && (query.FunctionName is null || e.FunctionName == query.FunctionName)
                && (query.Statuses is null || query.Statuses.Contains(e.Status)))
            .OrderByDescending(e => e.EnqueuedAt)
            .Take(query.Limit)]);

    public Task<IReadOnlyList<string>> RedriveAsync(
        string tenantId, string? functionName, IReadOnlyCollection<string>? requestIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dead = Events.Values.Where(e => e.TenantId == tenantId && e.Status is QueuedEventStatus.Failed or QueuedEventStatus.Expired
            && (requestIds is not null ? requestIds.Contains(e.RequestId) : functionName is null || e.FunctionName == functionName)).ToList();
        foreach (var e in dead)
        {
            Events[e.RequestId] = e with { Status = QueuedEventStatus.Queued, EnqueuedAt = now, NextAttemptAt = now, FinishedAt = null };
        }

        return Task.FromResult<IReadOnlyList<string>>([.. dead.Select(e => e.RequestId).Order(StringComparer.Ordinal)]);
    }

    public Task<IReadOnlyList<QueuedEvent>> LeaseAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the native API does not lease events");

    public Task<bool> FinishAsync(string tenantId, string requestId, string owner, QueuedEventStatus status, int attempts, string? lastError, DateTimeOffset finishedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the native API does not finish events");

    public Task<bool> RequeueAsync(string tenantId, string requestId, string owner, DateTimeOffset nextAttemptAt, int attempts, string? lastError, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the native API does not requeue events");

    public Task<int> RecoverAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the native API does not recover events");

    public Task<int> CountPendingAsync(CancellationToken cancellationToken) => Task.FromResult(Events.Values.Count(e => e.Status is QueuedEventStatus.Queued or QueuedEventStatus.Running));
}
