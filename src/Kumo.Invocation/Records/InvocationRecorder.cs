using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Records;

/// <summary>
/// Stores invocation records with their logs off the caller's path (write-behind). <see cref="RecordAsync"/> queues
/// the record and returns; a writer, started and stopped with the host, stores whatever is queued in batches of up
/// to <see cref="MaxBatch"/>, each in one transaction (one commit, one fsync, for the batch). A full queue makes
/// <see cref="RecordAsync"/> wait: backpressure, not loss. Stopping the host stores everything queued; a crash can
/// lose the records not yet committed, except an asynchronous event's: its run is waited for until stored. Before the
/// host starts and after it stops, <see cref="RecordAsync"/> stores the record itself. Reads through <see cref="IInvocationStore"/> wait for what was queued before them
/// (<see cref="CommittedInvocationStore"/>). A failure to record is logged, never thrown at the caller.
/// </summary>
internal sealed partial class InvocationRecorder(
    RecordQueue queue,
    [FromKeyedServices(InvocationRecorder.StoreKey)] IInvocationStore store,
    ILogger<InvocationRecorder> logger) : IHostedService
{
    /// <summary>The key under which the backend's own store (not the waiting view of it) is registered.</summary>
    public const string StoreKey = "Kumo.Invocation.Records.Backend";

    /// <summary>The most records one transaction stores.</summary>
    public const int MaxBatch = 256;

    private Task _writer = Task.CompletedTask;

    public async Task RecordAsync(InvocationRecord record, IReadOnlyList<LogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(lines);
        var sequence = await queue.TryEnqueueAsync(record, lines);
        if (sequence == 0)
        {
            await WriteOneAsync(record, lines);
        }
        else if (record.Trigger == InvocationTriggers.Async)
        {
            // An event's run is stored before the dispatcher marks the event done (its next step): a crash must not
            // leave an event finished with no record of its run. Nobody waits for the answer of an event.
            await queue.WhenWrittenAsync(sequence, CancellationToken.None);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        queue.Open();
        _writer = Task.Run(WriteQueuedAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Close();
        // Not cut short by the host's shutdown timeout: the queue is bounded, and records dropped at a clean stop
        // would be lost for nothing. The host disposes the store only after this returns.
        await _writer;
    }

    private async Task WriteQueuedAsync()
    {
        var reader = queue.Reader;
        var batch = new List<PendingRecord>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch);
            queue.MarkWritten(batch[^1].Sequence);
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<PendingRecord> batch)
    {
        try
        {
            await store.AddBatchAsync([.. batch.Select(p => (p.Record, p.Lines))], CancellationToken.None);
            return;
        }
        catch (StorageException) when (batch.Count > 1)
        {
            // One record that cannot be stored (its request id is taken) must not cost the others: one by one.
        }
        catch (Exception e)
        {
            // Anything else (the database locked past its timeout, the disk full) would fail each record alike, and
            // trying them one by one would hold the writer (and, once the queue is full, every invocation) for the
            // timeout of each: the batch is given up, said once.
            LogBatchFailed(logger, e, batch.Count, batch[0].Record.RequestId, batch[^1].Record.RequestId);
            return;
        }

        foreach (var pending in batch)
        {
            await WriteOneAsync(pending.Record, pending.Lines);
        }
    }

    private async Task WriteOneAsync(InvocationRecord record, IReadOnlyList<LogLine> lines)
    {
        try
        {
            await store.AddAsync(record, lines, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Whatever went wrong, the writer goes on: a reader waits for it, and the records behind this one.
            LogRecordFailed(logger, e, record.RequestId, record.FunctionName);
        }
    }

    [LoggerMessage(EventId = EventIds.RecordBatchFailed, Level = LogLevel.Error, Message = "Could not record {Count} invocations ({First} to {Last}); their records and logs are lost")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string first, string last);

    [LoggerMessage(EventId = EventIds.RecordFailed, Level = LogLevel.Error, Message = "Could not record invocation {RequestId} of {Function}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string requestId, string function);
}
