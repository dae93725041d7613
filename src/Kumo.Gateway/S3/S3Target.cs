namespace Kumo.Gateway.S3;

/// <summary>What an S3 request addresses: the service (no bucket), a bucket (empty key) or an object.</summary>
/// <param name="Bucket">The bucket, or null for the service (ListBuckets).</param>
/// <param name="Key">The object's key, decoded; empty for the bucket itself.</param>
/// <param name="Region">The region named by the host (<c>s3.{region}.localhost</c>) or the signature; null when neither names one.</param>
/// <param name="Presigned">Whether the request is a presigned URL.</param>
internal sealed record S3Target(string? Bucket, string Key, string? Region, bool Presigned)
{
    /// <summary>The resource as S3's errors name it: <c>/</c>, <c>/bucket</c> or <c>/bucket/key</c>.</summary>
    public string Resource => Bucket is null ? "/" : Key.Length == 0 ? "/" + Bucket : $"/{Bucket}/{Key}";
}
