namespace Kumo.Gateway.S3;

/// <summary>
/// The object named by <c>x-amz-copy-source</c>: <c>{bucket}/{key}</c>, URL-encoded, with an optional leading '/' and
/// <c>?versionId=</c>. The value is decoded before it is split, as S3 does: the AWS SDK for .NET encodes the '/' between
/// bucket and key too (<c>bucket%2Fdir%2Fkey</c>).
/// </summary>
/// <param name="Bucket">The source bucket.</param>
/// <param name="Key">The source key, decoded.</param>
/// <param name="VersionId">The version asked for, if any.</param>
internal sealed record CopySource(string Bucket, string Key, string? VersionId)
{
    /// <summary>The source named by <paramref name="header"/>, or null when it does not name a bucket and a key.</summary>
    public static CopySource? Parse(string header)
    {
        var value = header.Trim();
        string? versionId = null;
        var question = value.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            const string VersionParameter = "versionId=";
            var query = value[(question + 1)..];
            if (query.StartsWith(VersionParameter, StringComparison.Ordinal))
            {
                versionId = Uri.UnescapeDataString(query[VersionParameter.Length..]);
            }

            value = value[..question];
        }

        value = Uri.UnescapeDataString(value).TrimStart('/');
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            return null;
        }

        return new CopySource(value[..slash], value[(slash + 1)..], versionId);
    }
}
