namespace Kumo.Gateway.S3;

/// <summary>The names of the S3 headers and query parameters Kumo reads or writes.</summary>
internal static class S3Headers
{
    public const string RequestId = "x-amz-request-id";
    public const string HostId = "x-amz-id-2";
    public const string ContentSha256 = "x-amz-content-sha256";
    public const string DecodedContentLength = "x-amz-decoded-content-length";
    public const string Trailer = "x-amz-trailer";
    public const string SdkChecksumAlgorithm = "x-amz-sdk-checksum-algorithm";
    public const string ChecksumMode = "x-amz-checksum-mode";
    public const string ChecksumType = "x-amz-checksum-type";
    public const string ChecksumPrefix = "x-amz-checksum-";
    public const string MetaPrefix = "x-amz-meta-";
    public const string CopySource = "x-amz-copy-source";
    public const string MetadataDirective = "x-amz-metadata-directive";
    public const string CopySourceIfMatch = "x-amz-copy-source-if-match";
    public const string CopySourceIfNoneMatch = "x-amz-copy-source-if-none-match";
    public const string CopySourceIfModifiedSince = "x-amz-copy-source-if-modified-since";
    public const string CopySourceIfUnmodifiedSince = "x-amz-copy-source-if-unmodified-since";
    public const string Acl = "x-amz-acl";
    public const string BucketRegion = "x-amz-bucket-region";
    public const string ServerSideEncryption = "x-amz-server-side-encryption";
    public const string SseCustomerAlgorithm = "x-amz-server-side-encryption-customer-algorithm";
    public const string Tagging = "x-amz-tagging";
    public const string ObjectLockMode = "x-amz-object-lock-mode";
    public const string ObjectLockEnabled = "x-amz-bucket-object-lock-enabled";
    public const string PartsCount = "x-amz-mp-parts-count";

    /// <summary>The content headers an object keeps, as <see cref="Kumo.Abstractions.Objects.ObjectInfo.Headers"/> names them.</summary>
    public static readonly string[] StoredContentHeaders = ["Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires"];

    /// <summary>The SigV4 algorithm of signed requests and presigned URLs.</summary>
    public const string SigV4Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The SigV4a (multi-region) algorithm.</summary>
    public const string SigV4aAlgorithm = "AWS4-ECDSA-P256-SHA256";
}
