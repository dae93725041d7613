namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>A request body whose client goes away after some bytes.</summary>
internal sealed class FailingStream(int bytesBeforeFailure) : Stream
{
    private int _left = bytesBeforeFailure;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_left <= 0)
        {
            throw new IOException("the client went away");
        }

        var n = Math.Min(count, _left);
        _left -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
