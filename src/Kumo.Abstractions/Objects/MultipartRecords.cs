namespace Kumo.Abstractions.Objects;

/// <summary>A multipart upload to start: the object it will become, described as a PUT describes one, and its checksum.</summary>
public sealed record NewMultipartUpload
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key the object will have.</summary>
    public required string Key { get; init; }

    /// <summary>The object's <c>Content-Type</c>; null for S3's default.</summary>
    public string? ContentType { get; init; }

    /// <summary>The object's other content headers (see <see cref="ObjectInfo.Headers"/>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The object's user metadata (see <see cref="ObjectInfo.Metadata"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The checksum every part carries and the object gets (<c>CRC32</c>, <c>SHA256</c> …); null for none.</summary>
    public string? ChecksumAlgorithm { get; init; }

    /// <summary>How the object's checksum derives from the parts': <c>COMPOSITE</c> or <c>FULL_OBJECT</c>; null without an algorithm.</summary>
    public string? ChecksumType { get; init; }
}

/// <summary>A multipart upload in progress.</summary>
public sealed record MultipartUpload
{
    /// <summary>Its id: opaque, unique, and in the order uploads were started (for uploads started in the same clock tick, in no set order).</summary>
    public required string UploadId { get; init; }

    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key the object will have.</summary>
    public required string Key { get; init; }

    /// <summary>When it was started.</summary>
    public required DateTimeOffset Initiated { get; init; }

    /// <summary>The object's <c>Content-Type</c>; null for S3's default.</summary>
    public string? ContentType { get; init; }

    /// <summary>The object's other content headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The object's user metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The checksum algorithm of its parts and object; null for none.</summary>
    public string? ChecksumAlgorithm { get; init; }

    /// <summary><c>COMPOSITE</c> or <c>FULL_OBJECT</c>; null without an algorithm.</summary>
    public string? ChecksumType { get; init; }
}

/// <summary>A part to store.</summary>
public sealed record PartWrite
{
    /// <summary>The upload.</summary>
    public required string UploadId { get; init; }

    /// <summary>The upload's bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The upload's key.</summary>
    public required string Key { get; init; }

    /// <summary>The part's number, 1–10,000.</summary>
    public required int PartNumber { get; init; }

    /// <summary>Checksums of the part's bytes, already verified by the caller; read after the body's end.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();
}

/// <summary>A stored part.</summary>
/// <param name="PartNumber">Its number.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ETag">The MD5 of its bytes in hex, quoted as S3 sends it.</param>
/// <param name="LastModified">When it was stored.</param>
/// <param name="Checksums">Its checksums, by algorithm, base64.</param>
public sealed record PartInfo(int PartNumber, long Size, string ETag, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Checksums);

/// <summary>One page of an upload's parts.</summary>
/// <param name="Parts">The parts, by number.</param>
/// <param name="IsTruncated">Whether more follow.</param>
public sealed record PartPage(IReadOnlyList<PartInfo> Parts, bool IsTruncated);

/// <summary>A listing of uploads in progress, as ListMultipartUploads asks it.</summary>
public sealed record UploadQuery
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>Only keys that start with this.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Keys with this after the prefix are rolled up into common prefixes; null for none.</summary>
    public string? Delimiter { get; init; }

    /// <summary>Only uploads of keys after this one (or, with <see cref="UploadIdMarker"/>, of this key after that upload).</summary>
    public string? KeyMarker { get; init; }

    /// <summary>With <see cref="KeyMarker"/>: uploads of that key after this id are listed too.</summary>
    public string? UploadIdMarker { get; init; }

    /// <summary>At most this many uploads and common prefixes together (1–1000).</summary>
    public int MaxUploads { get; init; } = 1000;
}

/// <summary>One page of uploads in progress.</summary>
/// <param name="Uploads">The uploads, by key then id.</param>
/// <param name="CommonPrefixes">The rolled-up prefixes, in order.</param>
/// <param name="IsTruncated">Whether more follow.</param>
/// <param name="NextKeyMarker">Where the next page starts: the last key (or common prefix) of this one, when truncated.</param>
/// <param name="NextUploadIdMarker">With <paramref name="NextKeyMarker"/>: the last upload id of this page, when it ended on an upload.</param>
public sealed record UploadPage(
    IReadOnlyList<MultipartUpload> Uploads, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextUploadIdMarker);

/// <summary>A part named by a completion: its number and the ETag it must have.</summary>
/// <param name="PartNumber">The part's number.</param>
/// <param name="ETag">Its ETag, quoted or not.</param>
public sealed record CompletedPart(int PartNumber, string ETag);

/// <summary>An upload to complete.</summary>
public sealed record UploadCompletion
{
    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>The upload.</summary>
    public required string UploadId { get; init; }

    /// <summary>The parts that make the object, in order.</summary>
    public required IReadOnlyList<CompletedPart> Parts { get; init; }

    /// <summary>The object's checksums, already computed from the parts' by the caller (a composite one ends in <c>-{parts}</c>).</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();

    /// <summary>Who completes it, kept with the change when the bucket has a notification configuration.</summary>
    public ObjectChangeOrigin? Origin { get; init; }
}

/// <summary>What became of a completion.</summary>
public enum MultipartCompletionOutcome
{
    /// <summary>The object is stored and the upload is over.</summary>
    Completed,

    /// <summary>The upload is not in progress (never was, or was completed or aborted).</summary>
    NoSuchUpload,

    /// <summary>A named part does not exist, or not with the named ETag.</summary>
    InvalidPart,
}

/// <summary>The outcome of <see cref="IMultipartStore.CompleteUploadAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Object">The stored object, when <see cref="MultipartCompletionOutcome.Completed"/>.</param>
/// <param name="InvalidPartNumber">The part that was not found, when <see cref="MultipartCompletionOutcome.InvalidPart"/>.</param>
public sealed record MultipartCompletion(MultipartCompletionOutcome Outcome, ObjectInfo? Object = null, int InvalidPartNumber = 0);
