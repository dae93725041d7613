using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> body as it is read: chunks of <c>{hex size}[;chunk-signature={sig}]\r\n{data}\r\n</c>
/// (the signed <c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c> form, or the unsigned form of
/// <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>), a final 0-size chunk, then trailer lines such as
/// <c>x-amz-checksum-crc32:{base64}</c> and an empty line. Only the data comes out; the trailers are kept in
/// <see cref="Trailers"/>. Chunk signatures are not checked (Kumo does not verify signatures yet). A malformed or
/// short body throws an <see cref="S3Exception"/>, so that whatever reads it fails instead of storing a part.
/// </summary>
internal sealed class AwsChunkedStream(Stream inner) : Stream
{
    private const int BufferSize = 64 * 1024;
    private const int MaxLineLength = 4096;

    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly Dictionary<string, string> _trailers = new(StringComparer.OrdinalIgnoreCase);
    private int _start;
    private int _end;
    private long _chunkLeft;
    private bool _afterFirstChunk;
    private bool _done;

    /// <summary>The trailer lines after the final chunk, by lower-case name; complete once a read has returned 0.</summary>
    public IReadOnlyDictionary<string, string> Trailers => _trailers;

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
        if (destination.IsEmpty || _done)
        {
            return 0;
        }

        if (_chunkLeft == 0)
        {
            if (!await NextChunkAsync(cancellationToken))
            {
                return 0;
            }
        }

        var wanted = (int)Math.Min(destination.Length, _chunkLeft);
        int read;
        if (_end > _start)
        {
            read = Math.Min(wanted, _end - _start);
            _buffer.AsMemory(_start, read).CopyTo(destination);
            _start += read;
        }
        else
        {
            read = await inner.ReadAsync(destination[..wanted], cancellationToken);
            if (read == 0)
            {
                throw Truncated();
            }
        }

        _chunkLeft -= read;
        return read;
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

    /// <summary>Reads the next chunk's header; false (with the trailers read) after the final chunk.</summary>
    private async ValueTask<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        if (_afterFirstChunk)
        {
            // The data of a chunk is followed by CRLF.
            var end = await ReadLineAsync(cancellationToken) ?? throw Truncated();
            if (end.Length != 0)
            {
                throw Malformed("a chunk's data is longer than its size says");
            }
        }

        var header = await ReadLineAsync(cancellationToken) ?? throw Truncated();
        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        var hex = (semicolon >= 0 ? header[..semicolon] : header).Trim();
        if (hex.Length is 0 or > 15 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw Malformed($"'{Shorten(header)}' is not a chunk header (hex size, optionally ';chunk-signature=…')");
        }

        _afterFirstChunk = true;
        _chunkLeft = size;
        if (size > 0)
        {
            return true;
        }

        await ReadTrailersAsync(cancellationToken);
        _done = true;
        return false;
    }

    /// <summary>Trailer lines up to an empty line or the end of the body (some writers leave the empty line out).</summary>
    private async ValueTask ReadTrailersAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new S3Exception(MalformedTrailer());
            }

            _trailers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
    }

    /// <summary>The next line without its CRLF (a bare LF is taken too); null at the end of the body.</summary>
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }

                var line = Encoding.ASCII.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }

            scanned = _end - _start;
            if (scanned > MaxLineLength)
            {
                throw Malformed("a chunk header or trailer line is too long");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, scanned);
                (_start, _end) = (0, scanned);
            }

            var read = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                if (_end > _start)
                {
                    // A last line without its line break.
                    var line = Encoding.ASCII.GetString(_buffer, _start, _end - _start);
                    _start = _end;
                    return line;
                }

                return null;
            }

            _end += read;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static S3Exception Malformed(string why) =>
        new(S3Errors.InvalidRequest($"The aws-chunked request body is malformed: {why}."));

    private static S3Exception Truncated() =>
        new(S3Errors.IncompleteBody("The aws-chunked request body ended before its final (0-size) chunk."));

    /// <summary>S3's answer to a trailer it cannot read.</summary>
    public static S3Error MalformedTrailer() =>
        new(StatusCodes.Status400BadRequest, "MalformedTrailerError", "The request contained trailing data that was not well-formed or did not conform to our published schema.");
}
