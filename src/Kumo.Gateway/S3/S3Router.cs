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

        if (MultipartRefusal.Applies(request, call.Key))
        {
            return call.ErrorAsync(MultipartRefusal.Error());
        }

        if (HttpMethods.IsOptions(method))
        {
            // A CORS preflight: Kumo's buckets have no CORS configuration, and S3 answers this for such a bucket.
            return call.ErrorAsync(new S3Error(StatusCodes.Status403Forbidden, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket."));
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
        ("GET", "location") => BucketOperations.LocationAsync(call),
        ("GET", "uploads") => MultipartRefusal.ListUploadsAsync(call),
        ("POST", "uploads") => call.ErrorAsync(MultipartRefusal.Error()),
        (_, null) => call.ErrorAsync(S3Errors.MethodNotAllowed(method, "BUCKET")),
        _ => Subresources.ServeBucketAsync(call, subresource),
    };

    private static Task RouteObject(S3Call call, string method, string? subresource) => (method, subresource) switch
    {
        ("GET" or "HEAD", null) => GetObjectOperation.ServeAsync(call),
        ("PUT", null) when call.Request.Headers.ContainsKey(S3Headers.CopySource) => CopyObjectOperation.ServeAsync(call),
        ("PUT", null) => PutObjectOperation.ServeAsync(call),
        ("DELETE", null) => DeleteObjectOperation.ServeAsync(call),
        (_, null) => call.ErrorAsync(S3Errors.MethodNotAllowed(method, "OBJECT")),
        _ => Subresources.ServeObjectAsync(call, subresource),
    };
}
