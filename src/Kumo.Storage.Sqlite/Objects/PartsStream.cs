namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// The bodies of an upload's parts read one after another as one stream, each file opened when the one before it ends,
/// so joining 10,000 parts holds one file open and one buffer. A body that is gone throws <see cref="PartBodyMissingException"/>.
/// </summary>
internal sealed class PartsStream(ObjectBlobs blobs, IReadOnlyList<string> parts) : Stream
{
    private int _next;
    private FileStream? _current;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_current is null)
            {
                if (_next == parts.Count)
                {
                    return 0;
                }

                var id = parts[_next++];
                _current = blobs.TryOpen(id) ?? throw new PartBodyMissingException(id);
            }

            var read = await _current.ReadAsync(destination, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }
}
