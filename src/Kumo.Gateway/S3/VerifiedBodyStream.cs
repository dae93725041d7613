using System.Security.Cryptography;

namespace Kumo.Gateway.S3;

/// <summary>
/// An upload's data as it streams to the store, with everything the client promised about it checked at its end:
/// the length, <c>Content-MD5</c>, a hex <c>x-amz-content-sha256</c>, and the S3 checksum (from a header or the
/// <c>aws-chunked</c> trailer). A wrong one throws an <see cref="S3Exception"/> from the read that would have returned
/// the end, so the store, which commits only a body read to its end, stores nothing. Past 5 GiB (the most a PUT or a
/// part may hold) it throws too.
/// </summary>
internal sealed class VerifiedBodyStream : Stream
{
    private readonly Stream _source;
    private readonly UploadBody _expected;
    private readonly IReadOnlyDictionary<string, string>? _trailers;
    private readonly RunningChecksum? _md5;
    private readonly RunningChecksum? _sha256;
    private readonly RunningChecksum? _checksum;
    private readonly Dictionary<string, string> _checksums = new(StringComparer.Ordinal);
    private long _length;
    private bool _ended;

    public VerifiedBodyStream(Stream source, UploadBody expected, IReadOnlyDictionary<string, string>? trailers)
    {
        _source = source;
        _expected = expected;
        _trailers = trailers;
        _md5 = expected.ContentMd5 is null ? null : RunningChecksum.Md5();
        _sha256 = expected.ContentSha256 is null ? null : RunningChecksum.Sha256();
        _checksum = expected.Algorithm is { } algorithm ? RunningChecksum.For(algorithm) : null;
        Checksums = expected switch
        {
            { Algorithm: { } named, HeaderChecksum: { } value } => new Dictionary<string, string>(StringComparer.Ordinal) { [named.Name()] = value },
            { Algorithm: not null } => new ChecksumsAfterBody(this),
            _ => new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The S3 checksum (by S3's algorithm name, base64) for <see cref="Kumo.Abstractions.Objects.ObjectWrite.Checksums"/>.
    /// One sent as a header is known now (the write fails if the body does not match it). One sent in the trailer
    /// is known only once the body has been read to its end, which is when the store reads it: this is then a view
    /// that throws if read earlier, so a store that read it first would fail loudly rather than keep no checksum.
    /// </summary>
    public IReadOnlyDictionary<string, string> Checksums { get; }

    /// <summary>Whether the body has been read to its end and found as promised.</summary>
    public bool Ended => _ended;

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
        if (destination.IsEmpty || _ended)
        {
            return 0;
        }

        var read = await _source.ReadAsync(destination, cancellationToken);
        if (read == 0)
        {
            Verify();
            _ended = true;
            return 0;
        }

        var data = destination.Span[..read];
        _md5?.Append(data);
        _sha256?.Append(data);
        _checksum?.Append(data);
        _length += read;
        if (_length > S3Errors.MaxSinglePutSize)
        {
            throw new S3Exception(S3Errors.EntityTooLarge(_length));
        }

        if (_length > _expected.DeclaredLength)
        {
            throw new S3Exception(S3Errors.IncompleteBody(
                $"The request body holds more than the {_expected.DeclaredLength} bytes its headers declare (x-amz-decoded-content-length)."));
        }

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _md5?.Dispose();
            _sha256?.Dispose();
            _checksum?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Verify()
    {
        if (_expected.DeclaredLength is { } declared && _length != declared)
        {
            throw new S3Exception(S3Errors.IncompleteBody(
                $"You did not provide the number of bytes specified by the Content-Length HTTP header: {_length} of {declared} arrived."));
        }

        if (_md5 is not null && !CryptographicOperations.FixedTimeEquals(_md5.Digest(), _expected.ContentMd5))
        {
            throw new S3Exception(S3Errors.BadDigest("Content-MD5") with { Message = "The Content-MD5 you specified did not match what we received." });
        }

        if (_sha256 is not null && !CryptographicOperations.FixedTimeEquals(_sha256.Digest(), _expected.ContentSha256))
        {
            throw new S3Exception(S3Errors.ContentSha256Mismatch());
        }

        if (_checksum is null || _expected.Algorithm is not { } algorithm)
        {
            return;
        }

        var expected = _expected.HeaderChecksum;
        if (expected is null && !_expected.ComputedOnly)
        {
            if (_trailers is null || !_trailers.TryGetValue(algorithm.HeaderName(), out expected))
            {
                throw new S3Exception(AwsChunkedStream.MalformedTrailer());
            }

            if (!UploadBody.IsDigest(algorithm, expected))
            {
                throw new S3Exception(S3Errors.InvalidRequest($"Value for {algorithm.HeaderName()} trailing header is invalid."));
            }
        }

        var computed = Convert.ToBase64String(_checksum.Digest());
        if (expected is not null && computed != expected)
        {
            throw new S3Exception(S3Errors.BadDigest(algorithm.Name()));
        }

        _checksums[algorithm.Name()] = computed;
    }

    /// <summary>
    /// The checksums as a view that refuses to be read before the body has ended: a store that read them before the
    /// body would keep none, so it fails loudly instead.
    /// </summary>
    private sealed class ChecksumsAfterBody(VerifiedBodyStream body) : IReadOnlyDictionary<string, string>
    {
        private Dictionary<string, string> Current => body._ended
            ? body._checksums
            : throw new InvalidOperationException("An upload's checksums are known only once its body has been read to its end.");

        public string this[string key] => Current[key];

        public IEnumerable<string> Keys => Current.Keys;

        IEnumerable<string> IReadOnlyDictionary<string, string>.Values => Current.Values;

        public int Count => Current.Count;

        public bool ContainsKey(string key) => Current.ContainsKey(key);

        public bool TryGetValue(string key, out string value) => Current.TryGetValue(key, out value!);

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Current.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
