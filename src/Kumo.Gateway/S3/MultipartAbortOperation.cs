using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>AbortMultipartUpload (<c>DELETE /{bucket}/{key}?uploadId=ID</c>): 204, and the parts are gone; NoSuchUpload when it is not in progress.</summary>
internal static class MultipartAbortOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        if (call.KeyProblem() is { } keyProblem)
        {
            await call.ErrorAsync(keyProblem);
            return;
        }

        if (await MultipartCalls.StoreAsync(call) is not { } store || await call.OwnBucketAsync() is null)
        {
            return;
        }

        var uploadId = call.Query["uploadId"].ToString();
        if (uploadId.Length == 0 || !await store.AbortUploadAsync(call.Bucket, call.Key, uploadId, call.Aborted))
        {
            await call.ErrorAsync(MultipartErrors.NoSuchUpload(uploadId));
            return;
        }

        await call.EmptyAsync(StatusCodes.Status204NoContent);
    }
}
