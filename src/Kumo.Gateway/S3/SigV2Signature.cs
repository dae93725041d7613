using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// S3's older signature, still sent by some clients (the aws CLI v1's <c>s3 presign</c> makes such URLs):
/// <c>Authorization: AWS {key}:{signature}</c>, or a presigned query of <c>AWSAccessKeyId</c>, <c>Signature</c> and
/// <c>Expires</c> (seconds since 1970). Only S3 uses the header form; the query form without an <c>Action</c>
/// parameter (which the other services' query APIs have) is S3's too. Not verified, as SigV4 is not.
/// </summary>
internal static class SigV2Signature
{
    /// <summary>Whether the request is SigV2-signed for S3; <paramref name="presigned"/> when in the query.</summary>
    public static bool IsS3(HttpRequest request, out bool presigned)
    {
        presigned = false;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return authorization.StartsWith("AWS ", StringComparison.Ordinal) && authorization.IndexOf(':', 4) > 4;
        }

        if (request.QueryString.Value?.Contains("AWSAccessKeyId=", StringComparison.Ordinal) != true)
        {
            return false;
        }

        var query = request.Query;
        presigned = query.ContainsKey("AWSAccessKeyId") && query.ContainsKey("Signature") && query.ContainsKey("Expires") && !query.ContainsKey("Action");
        return presigned;
    }
}
