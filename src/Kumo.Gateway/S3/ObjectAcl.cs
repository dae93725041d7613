using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// ACL headers on writes. Kumo's buckets and objects belong to their owner alone, as S3's do by default since 2023
/// (Object Ownership "bucket owner enforced", ACLs disabled): <c>x-amz-acl: private</c> and
/// <c>bucket-owner-full-control</c> say just that and are accepted; any other canned ACL or an
/// <c>x-amz-grant-*</c> header is refused with the error S3 gives a bucket that has ACLs disabled.
/// </summary>
internal static class ObjectAcl
{
    public static S3Error? Problem(HttpRequest request, bool forBucket)
    {
        var acl = request.Headers[S3Headers.Acl].ToString();
        var grants = request.Headers.Keys.Any(name => name.StartsWith("x-amz-grant-", StringComparison.OrdinalIgnoreCase));
        if ((acl.Length == 0 || acl is "private" or "bucket-owner-full-control") && !grants)
        {
            return null;
        }

        return forBucket
            ? new S3Error(StatusCodes.Status400BadRequest, "InvalidBucketAclWithObjectOwnership",
                "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting: Kumo's buckets are owner-only.")
            : S3Errors.AccessControlListNotSupported();
    }
}
