using System.IO.Pipelines;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// Where a streaming invocation's answer goes as the runtime sends it: the Runtime API writes the bytes of a
/// streamed <c>/response</c> (<c>Lambda-Runtime-Function-Response-Mode: streaming</c>) here as they arrive, and the
/// caller reads them from <see cref="Body"/>. A slow reader holds the runtime back (the pipe pauses its writer);
/// a reader that goes away disposes <see cref="Body"/>, after which the rest of the answer is read and dropped.
/// </summary>
public sealed class StreamedResponse
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, useSynchronizationContext: false));
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private bool _completed;

    /// <summary>Creates an empty response; <see cref="Body"/> can be read at once.</summary>
    public StreamedResponse() => Body = _pipe.Reader.AsStream();

    /// <summary>
    /// Completes with the content type the runtime gave (<c>application/octet-stream</c> when it gave none) when it
    /// starts to stream. It never completes when the runtime answers without streaming.
    /// </summary>
    public Task<string> Started => _started.Task;

    /// <summary>The streamed bytes, as they arrive; it ends when the runtime's answer ends (or the invocation does).</summary>
    public Stream Body { get; }

    /// <summary>For the Runtime API: the runtime began to stream, with this content type.</summary>
    internal void Start(string contentType) => _started.TrySetResult(contentType);

    /// <summary>
    /// For the Runtime API: passes on <paramref name="bytes"/>, waiting while the reader is behind. False once
    /// nobody reads any more (or the response was completed): the caller may drop the rest.
    /// </summary>
    internal async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (_completed)
            {
                return false;
            }

            var flushed = await _pipe.Writer.WriteAsync(bytes, cancellationToken);
            return !flushed.IsCompleted && !flushed.IsCanceled;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Ends <see cref="Body"/>: the answer is over, or the invocation ended without one. Safe to call more than once.</summary>
    public async Task CompleteAsync()
    {
        // A write held back by a reader that stopped reading must not hold up the end of the invocation.
        _pipe.Writer.CancelPendingFlush();
        await _writing.WaitAsync();
        try
        {
            if (!_completed)
            {
                _completed = true;
                await _pipe.Writer.CompleteAsync();
            }
        }
        finally
        {
            _writing.Release();
        }
    }
}
