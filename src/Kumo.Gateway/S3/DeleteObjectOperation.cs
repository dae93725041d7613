using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>DeleteObject (<c>DELETE /{bucket}/{key}</c>): 204 whether or not the object was there, as S3 answers.</summary>
internal static class DeleteObjectOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        if ((call.KeyProblem() ?? GetObjectOperation.VersionIdProblem(call)) is { } problem)
        {
            await call.ErrorAsync(problem);
            return;
        }

        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        await call.Store.DeleteAsync(call.Bucket, call.Key, call.Origin, call.Aborted);
        await call.EmptyAsync(StatusCodes.Status204NoContent);
    }
}
