using Kumo.Abstractions.Invocations;

namespace Kumo.Invocation.Tests.Records;

/// <summary>
/// A real store whose writes can be held at a gate: a test decides when the recorder's writer may go on, and sees
/// the batches it wrote. Reads go straight through.
/// </summary>
internal sealed class GatedInvocationStore(IInvocationStore store) : IInvocationStore
{
    private readonly SemaphoreSlim _entered = new(0);
    private TaskCompletionSource _gate = Open();

    /// <summary>The size of every batch the writer handed over (a single <see cref="AddAsync"/> counts as 0).</summary>
    public List<int> Batches { get; } = [];

    /// <summary>The next batch to arrive fails with this, as a locked database or a full disk fails it.</summary>
    public Exception? FailNextBatch { get; set; }

    /// <summary>Holds every write from now on until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    /// <summary>Waits until a write has reached the gate.</summary>
    public Task EnteredAsync() => _entered.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => Assert.True(t.Result, "no write reached the store"), TaskScheduler.Default);

    public async Task AddAsync(InvocationRecord record, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        await PassAsync(0);
        await store.AddAsync(record, lines, cancellationToken);
    }

    public async Task AddBatchAsync(IReadOnlyList<(InvocationRecord Record, IReadOnlyList<LogLine> Lines)> batch, CancellationToken cancellationToken)
    {
        // Taken as the batch arrives, before the gate: a batch already waiting at the gate is not the next one.
        var failure = FailNextBatch;
        FailNextBatch = null;
        await PassAsync(batch.Count);
        if (failure is not null)
        {
            throw failure;
        }

        await store.AddBatchAsync(batch, cancellationToken);
    }

    public Task<IReadOnlyList<InvocationRecord>> ListAsync(InvocationQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(query, cancellationToken);

    public Task<InvocationRecord?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken) =>
        store.GetAsync(tenantId, requestId, cancellationToken);

    public Task<IReadOnlyList<LogLine>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken) =>
        store.GetLogsAsync(query, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        store.DeleteOlderThanAsync(cutoff, cancellationToken);

    private Task PassAsync(int batchSize)
    {
        lock (Batches)
        {
            Batches.Add(batchSize);
        }

        var gate = _gate.Task;
        _entered.Release();
        return gate;
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
