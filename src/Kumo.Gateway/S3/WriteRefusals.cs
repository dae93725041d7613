using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// Write options Kumo does not have yet, refused with 501 rather than ignored, since ignoring them would store
/// something other than what was asked: conditional writes, tags, Object Lock, and encryption with KMS or with the
/// customer's key. <c>x-amz-server-side-encryption: AES256</c> is accepted: it is what S3 does to every object.
/// </summary>
internal static class WriteRefusals
{
    public static S3Error? Problem(HttpRequest request, bool copy)
    {
        var headers = request.Headers;
        if (!copy && (headers.IfNoneMatch.Count > 0 || headers.IfMatch.Count > 0))
        {
            return S3Errors.NotImplemented("Conditional writes (If-None-Match or If-Match on PutObject) are not supported by Kumo yet.");
        }

        if (headers.ContainsKey(S3Headers.Tagging))
        {
            return S3Errors.NotImplemented("Object tags (x-amz-tagging) are not supported by Kumo yet.");
        }

        if (headers.ContainsKey(S3Headers.ObjectLockMode) || headers.ContainsKey("x-amz-object-lock-legal-hold"))
        {
            return S3Errors.NotImplemented("Object Lock (x-amz-object-lock-*) is not supported by Kumo yet.");
        }

        if (headers.ContainsKey(S3Headers.SseCustomerAlgorithm))
        {
            return S3Errors.NotImplemented("Server-side encryption with customer-provided keys (SSE-C) is not supported by Kumo yet.");
        }

        var encryption = headers[S3Headers.ServerSideEncryption].ToString();
        return encryption.Length > 0 && encryption != "AES256"
            ? S3Errors.NotImplemented($"Server-side encryption '{encryption}' is not supported by Kumo yet; leave x-amz-server-side-encryption out or use AES256.")
            : null;
    }
}
