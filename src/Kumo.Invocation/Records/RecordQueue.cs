using System.Threading.Channels;
using Kumo.Abstractions.Invocations;

namespace Kumo.Invocation.Records;

/// <summary>
/// The invocation records waiting for the <see cref="InvocationRecorder"/>'s writer: bounded (a full queue makes the
/// caller wait for room, it never drops a record), numbered in the order they are queued, with a barrier that waits
/// until everything queued before it is stored. Open only while the writer runs.
/// </summary>
internal sealed class RecordQueue
{
    /// <summary>How many records may wait: at a few hundred bytes to a few KB each, a few MB at most.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Lock _gate = new();
    private readonly Channel<PendingRecord> _channel;
    private long _queued;
    private long _written;
    private bool _open;
    private TaskCompletionSource _progress = NewProgress();

    public RecordQueue()
        : this(DefaultCapacity)
    {
    }

    public RecordQueue(int capacity) =>
        _channel = Channel.CreateBounded<PendingRecord>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

    /// <summary>What the writer reads; it ends once the queue is closed and empty.</summary>
    public ChannelReader<PendingRecord> Reader => _channel.Reader;

    /// <summary>How many records wait to be stored.</summary>
    public long Pending => Volatile.Read(ref _queued) - Volatile.Read(ref _written);

    /// <summary>Starts taking records (the writer runs).</summary>
    public void Open()
    {
        lock (_gate)
        {
            _open = true;
        }
    }

    /// <summary>Stops taking records; the writer stores those already queued and then ends.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _open = false;
            _channel.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Queues a record, waiting for room while the queue is full; returns its sequence number, or 0 when the queue is
    /// not open (no writer runs), and the caller must store the record itself.
    /// </summary>
    public async ValueTask<long> TryEnqueueAsync(InvocationRecord record, IReadOnlyList<LogLine> lines)
    {
        while (true)
        {
            // The number is taken with the write, under one lock, so that the channel's order is the numbers' order
            // and "written up to N" means every record up to N.
            lock (_gate)
            {
                if (!_open)
                {
                    return 0;
                }

                if (_channel.Writer.TryWrite(new PendingRecord(record, lines, _queued + 1)))
                {
                    Volatile.Write(ref _queued, _queued + 1);
                    return _queued;
                }
            }

            // Full: the disk is slower than the invocations. Wait until the writer takes some (or the queue closes).
            await _channel.Writer.WaitToWriteAsync();
        }
    }

    /// <summary>The writer has stored (or given up on) every record up to <paramref name="sequence"/>.</summary>
    public void MarkWritten(long sequence)
    {
        TaskCompletionSource progress;
        lock (_gate)
        {
            Volatile.Write(ref _written, Math.Max(_written, sequence));
            progress = _progress;
            _progress = NewProgress();
        }

        progress.TrySetResult();
    }

    /// <summary>Completes once every record queued before the call is stored; at once when none waits.</summary>
    public Task WhenWrittenAsync(CancellationToken cancellationToken) => WhenWrittenAsync(Volatile.Read(ref _queued), cancellationToken);

    /// <summary>Completes once every record up to <paramref name="sequence"/> is stored.</summary>
    public Task WhenWrittenAsync(long sequence, CancellationToken cancellationToken) =>
        Volatile.Read(ref _written) >= sequence ? Task.CompletedTask : WaitForAsync(sequence, cancellationToken);

    private async Task WaitForAsync(long target, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task progress;
            lock (_gate)
            {
                if (_written >= target)
                {
                    return;
                }

                progress = _progress.Task;
            }

            await progress.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
