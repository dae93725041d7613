namespace Kumo.Abstractions.Invocations;

/// <summary>Where invocation records and their logs are kept: one implementation per storage backend.</summary>
public interface IInvocationStore
{
    /// <summary>Stores a record and its log lines together: either both are kept or neither.</summary>
    /// <param name="record">The record.</param>
    /// <param name="lines">Its log lines in order; each is stored with the record's tenant, function and request id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task AddAsync(InvocationRecord record, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken);

    /// <summary>
    /// Stores several records, each with its log lines, in one transaction (one commit for them all): either every one
    /// is kept or none is. A record that cannot be stored (its request id is taken) fails the whole batch; the caller
    /// can then store them one by one with <see cref="AddAsync"/>.
    /// </summary>
    /// <param name="batch">The records with their log lines, in the order they are stored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task AddBatchAsync(IReadOnlyList<(InvocationRecord Record, IReadOnlyList<LogLine> Lines)> batch, CancellationToken cancellationToken);

    /// <summary>The records that match, newest first.</summary>
    Task<IReadOnlyList<InvocationRecord>> ListAsync(InvocationQuery query, CancellationToken cancellationToken);

    /// <summary>One record, or null.</summary>
    Task<InvocationRecord?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken);

    /// <summary>The log lines that match, oldest first, each with its <see cref="LogLine.Sequence"/>.</summary>
    Task<IReadOnlyList<LogLine>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>Removes records and log lines of invocations that started before <paramref name="cutoff"/>; returns how many records went.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
