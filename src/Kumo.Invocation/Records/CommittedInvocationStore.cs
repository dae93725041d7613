using Kumo.Abstractions.Invocations;

namespace Kumo.Invocation.Records;

/// <summary>
/// The invocation store as callers see it: every read (and the retention's delete) first waits until the records
/// queued before it are stored, so that a caller never misses its own invocations behind the
/// <see cref="InvocationRecorder"/>'s queue. Free when nothing is queued. Writes go straight to the store.
/// </summary>
internal sealed class CommittedInvocationStore(IInvocationStore store, RecordQueue queue) : IInvocationStore
{
    public Task AddAsync(InvocationRecord record, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken) =>
        store.AddAsync(record, lines, cancellationToken);

    public Task AddBatchAsync(IReadOnlyList<(InvocationRecord Record, IReadOnlyList<LogLine> Lines)> batch, CancellationToken cancellationToken) =>
        store.AddBatchAsync(batch, cancellationToken);

    public async Task<IReadOnlyList<InvocationRecord>> ListAsync(InvocationQuery query, CancellationToken cancellationToken)
    {
        await queue.WhenWrittenAsync(cancellationToken);
        return await store.ListAsync(query, cancellationToken);
    }

    public async Task<InvocationRecord?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        await queue.WhenWrittenAsync(cancellationToken);
        return await store.GetAsync(tenantId, requestId, cancellationToken);
    }

    public async Task<IReadOnlyList<LogLine>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        await queue.WhenWrittenAsync(cancellationToken);
        return await store.GetLogsAsync(query, cancellationToken);
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await queue.WhenWrittenAsync(cancellationToken);
        return await store.DeleteOlderThanAsync(cutoff, cancellationToken);
    }
}
