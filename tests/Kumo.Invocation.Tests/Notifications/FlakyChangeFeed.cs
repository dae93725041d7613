using Kumo.Abstractions.Objects;

namespace Kumo.Invocation.Tests.Notifications;

/// <summary>The store's change feed, failing the first few reads or acknowledgements as a store that is briefly unavailable does.</summary>
internal sealed class FlakyChangeFeed(IObjectChangeFeed inner) : IObjectChangeFeed
{
    private int _failReads;
    private int _failAcknowledgements;

    public int ReadFailures => Volatile.Read(ref _failReads);

    public void FailReads(int count) => Volatile.Write(ref _failReads, count);

    public void FailAcknowledgements(int count) => Volatile.Write(ref _failAcknowledgements, count);

    public Task<IReadOnlyList<ObjectChange>> ReadChangesAsync(int limit, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _failReads) >= 0
            ? throw new IOException("disk I/O error (injected)")
            : inner.ReadChangesAsync(limit, cancellationToken);

    public Task AcknowledgeChangesAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _failAcknowledgements) >= 0
            ? throw new IOException("database is locked (injected)")
            : inner.AcknowledgeChangesAsync(sequences, cancellationToken);

    public Task WhenChangedAsync(CancellationToken cancellationToken) => inner.WhenChangedAsync(cancellationToken);
}
