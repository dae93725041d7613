using System.Security.Cryptography;

namespace Kumo.Gateway.S3;

/// <summary>
/// Checks the digest SDKs send with an XML request document (DeleteObjects, PutBucketWebsite …): a <c>Content-MD5</c>
/// or an <c>x-amz-checksum-*</c> header that does not match the body is BadDigest, and nothing is done.
/// </summary>
internal static class DocumentDigest
{
    /// <summary>The error for a digest header that does not match <paramref name="body"/>, or null.</summary>
    public static S3Error? Problem(S3Call call, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(call);
        var headers = call.Request.Headers;
        var md5 = headers.ContentMD5.ToString();
        if (md5.Length > 0 && md5 != Convert.ToBase64String(MD5.HashData(body)))
        {
            return S3Errors.BadDigest("Content-MD5") with { Message = "The Content-MD5 you specified did not match what we received." };
        }

        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            var given = headers[algorithm.HeaderName()].ToString();
            if (given.Length == 0)
            {
                continue;
            }

            using var checksum = RunningChecksum.For(algorithm);
            checksum.Append(body);
            if (given != Convert.ToBase64String(checksum.Digest()))
            {
                return S3Errors.BadDigest(algorithm.Name());
            }
        }

        return null;
    }
}
