namespace Kumo.Abstractions.Objects;

/// <summary>A bucket.</summary>
/// <param name="TenantId">The tenant that owns it.</param>
/// <param name="Name">Its name: 3–63 lowercase letters, digits, '.' and '-', unique across tenants (as on S3).</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Region">The region it was made in.</param>
public sealed record BucketInfo(string TenantId, string Name, DateTimeOffset CreatedAt, string Region);

/// <summary>What is known about a stored object (everything but its bytes).</summary>
public sealed record ObjectInfo
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key: any UTF-8 text of 1–1024 bytes.</summary>
    public required string Key { get; init; }

    /// <summary>Its size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>The ETag, quoted as S3 sends it: the MD5 in hex for a single upload; <c>"{md5 of the parts' md5s}-{parts}"</c> for a multipart one.</summary>
    public required string ETag { get; init; }

    /// <summary>When it was written.</summary>
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>The <c>Content-Type</c> it was stored with; <c>binary/octet-stream</c> when none was given (as S3).</summary>
    public string ContentType { get; init; } = "binary/octet-stream";

    /// <summary><c>Content-Encoding</c>, <c>Content-Disposition</c>, <c>Content-Language</c>, <c>Cache-Control</c>, <c>Expires</c> as given.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>User metadata: the <c>x-amz-meta-*</c> headers, names lower-case without the prefix.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Checksums the writer sent and Kumo verified, by algorithm (<c>CRC32</c>, <c>CRC32C</c>, <c>SHA1</c>, <c>SHA256</c>), base64.
    /// A multipart object's composite checksum (a checksum of its parts' checksums) ends in <c>-{parts}</c>, as on S3.
    /// </summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();

    /// <summary>How many parts it was uploaded in; 0 for a single upload.</summary>
    public int PartCount { get; init; }

    /// <summary>
    /// The sizes of its parts, in order, for a multipart object read on its own (<see cref="IObjectStore.HeadAsync"/>,
    /// <see cref="IObjectStore.OpenAsync"/>), so that one part can be served; empty for a single upload and in listings.
    /// </summary>
    public IReadOnlyList<long> PartSizes { get; init; } = [];
}

/// <summary>A new object to store.</summary>
public sealed record ObjectWrite
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>The <c>Content-Type</c>; null for S3's default.</summary>
    public string? ContentType { get; init; }

    /// <summary>Other content headers to keep (see <see cref="ObjectInfo.Headers"/>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>User metadata (see <see cref="ObjectInfo.Metadata"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Checksums to keep with the object, already verified by the caller.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();

    /// <summary>Who writes it, kept with the change when the bucket has a notification configuration (see <see cref="IObjectChangeFeed"/>).</summary>
    public ObjectChangeOrigin? Origin { get; init; }
}

/// <summary>A listing request, as ListObjectsV2 (and v1) asks it.</summary>
public sealed record ObjectQuery
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>Only keys that start with this.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Keys with this after the prefix are rolled up into common prefixes; null for none.</summary>
    public string? Delimiter { get; init; }

    /// <summary>Only keys (and common prefixes) after this one, in UTF-8 byte order.</summary>
    public string? After { get; init; }

    /// <summary>At most this many keys and common prefixes together (1–1000).</summary>
    public int MaxKeys { get; init; } = 1000;
}

/// <summary>One page of a listing.</summary>
/// <param name="Objects">The objects, in UTF-8 byte order of key.</param>
/// <param name="CommonPrefixes">The rolled-up prefixes, in order.</param>
/// <param name="IsTruncated">Whether more follow.</param>
/// <param name="NextAfter">Where the next page starts (the last key or common prefix of this one), when truncated.</param>
public sealed record ObjectPage(IReadOnlyList<ObjectInfo> Objects, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextAfter);

/// <summary>An object opened for reading: its description and its bytes (or the asked range of them).</summary>
public sealed class ObjectContent : IAsyncDisposable
{
    /// <summary>Wraps an opened object.</summary>
    public ObjectContent(ObjectInfo info, Stream body)
    {
        Info = info;
        Body = body;
    }

    /// <summary>The object.</summary>
    public ObjectInfo Info { get; }

    /// <summary>Its bytes, positioned at the start; seekable, so a range can be served.</summary>
    public Stream Body { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Body.DisposeAsync();
}
