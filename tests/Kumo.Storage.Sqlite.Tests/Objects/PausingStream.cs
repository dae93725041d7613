namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>A body that sends some bytes, then waits until the test lets it finish: a write caught in the middle.</summary>
internal sealed class PausingStream(int bytesBeforePause, int bytesAfterPause) : Stream
{
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _beforePause = bytesBeforePause;
    private int _afterPause = bytesAfterPause;

    /// <summary>Completes when the first bytes are sent and the body waits.</summary>
    public Task Paused => _paused.Task;

    public void Resume() => _resume.TrySetResult();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_beforePause > 0)
        {
            var n = Math.Min(buffer.Length, _beforePause);
            buffer.Span[..n].Fill((byte)'a');
            _beforePause -= n;
            return n;
        }

        _paused.TrySetResult();
        await _resume.Task.WaitAsync(cancellationToken);
        var m = Math.Min(buffer.Length, _afterPause);
        buffer.Span[..m].Fill((byte)'b');
        _afterPause -= m;
        return m;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
