using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>Sends an S3 request to its operation by what it addresses (service, bucket, object), its method and its subresource.</summary>
internal static class S3Router
{
    public static Task RouteAsync(S3Call call)
    {
        var request = call.Request;
        var method = request.Method;
        if (call.Target.Bucket is null)
        {
            return HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
                ? ListBucketsOperation.ServeAsync(call)
                : call.ErrorAsync(S3Errors.MethodNotAllowed(method, "SERVICE"));
        }

        if (HttpMethods.IsOptions(method))
        {
            // A CORS preflight: Kumo's buckets have no CORS configuration, and S3 answers this for such a bucket.
            return call.ErrorAsync(new S3Error(StatusCodes.Status403Forbidden, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket."));
        }

        if (call.Query.ContainsKey("uploadId"))
        {
            return call.Key.Length == 0
                ? call.ErrorAsync(S3Errors.InvalidRequest("A multipart upload belongs to an object: address it as /{bucket}/{key}?uploadId=…."))
                : RouteUpload(call, method);
        }

        var subresource = Subresources.Of(call.Query);
        return call.Key.Length == 0 ? RouteBucket(call, method, subresource) : RouteObject(call, method, subresource);
    }

    private static Task RouteBucket(S3Call call, string method, string? subresource) => (method, subresource) switch
    {
        ("GET", null) => ListObjectsOperation.ServeAsync(call),
        ("HEAD", null) => BucketOperations.HeadAsync(call),
        ("PUT", null) => BucketOperations.CreateAsync(call),
        ("DELETE", null) => BucketOperations.DeleteAsync(call),
        ("POST", null) => call.ErrorAsync(S3Errors.NotImplemented("POST Object (browser-based upload with an HTML form) is not supported by Kumo yet; use PUT.")),
        ("POST", "delete") => DeleteObjectsOperation.ServeAsync(call),
        (_, "website") => WebsiteOperations.ServeAsync(call),
        ("GET", "location") => BucketOperations.LocationAsync(call),
        ("GET", "notification") => NotificationOperations.GetAsync(call),
        ("PUT", "notification") => NotificationOperations.PutAsync(call),
        ("GET", "uploads") => MultipartListUploadsOperation.ServeAsync(call),
        ("POST", "uploads") => call.ErrorAsync(S3Errors.InvalidRequest("CreateMultipartUpload starts the upload of an object: POST /{bucket}/{key}?uploads.")),
        (_, null) => call.ErrorAsync(S3Errors.MethodNotAllowed(method, "BUCKET")),
        _ => Subresources.ServeBucketAsync(call, subresource),
    };

    private static Task RouteObject(S3Call call, string method, string? subresource) => (method, subresource) switch
    {
        ("GET" or "HEAD", null) => GetObjectOperation.ServeAsync(call),
        ("PUT", null) when call.Request.Headers.ContainsKey(S3Headers.CopySource) => CopyObjectOperation.ServeAsync(call),
        ("PUT", null) => PutObjectOperation.ServeAsync(call),
        ("DELETE", null) => DeleteObjectOperation.ServeAsync(call),
        ("POST", "uploads") => MultipartCreateOperation.ServeAsync(call),
        (_, null) => call.ErrorAsync(S3Errors.MethodNotAllowed(method, "OBJECT")),
        _ => Subresources.ServeObjectAsync(call, subresource),
    };

    /// <summary>The operations on a multipart upload in progress (<c>?uploadId</c>).</summary>
    private static Task RouteUpload(S3Call call, string method) => method switch
    {
        "PUT" when call.Request.Headers.ContainsKey(S3Headers.CopySource) => MultipartCopyPartOperation.ServeAsync(call),
        "PUT" => MultipartUploadPartOperation.ServeAsync(call),
        "POST" => MultipartCompleteOperation.ServeAsync(call),
        "DELETE" => MultipartAbortOperation.ServeAsync(call),
        "GET" => MultipartListPartsOperation.ServeAsync(call),
        _ => call.ErrorAsync(S3Errors.MethodNotAllowed(method, "OBJECT")),
    };
}
