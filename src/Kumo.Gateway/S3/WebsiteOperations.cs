using System.Text.Json;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// PutBucketWebsite, GetBucketWebsite and DeleteBucketWebsite (<c>?website</c> on a bucket). The configuration is kept
/// as the bucket's <see cref="BucketSettings.Website"/> setting (JSON) and served by <see cref="WebsiteMiddleware"/>
/// at <c>{bucket}.s3-website.localhost</c> and <c>/_kumo/site/{bucket}/</c>.
/// </summary>
internal static class WebsiteOperations
{
    // Fifty routing rules with keys of 1,024 bytes each fit many times over.
    private const long DocumentLimit = 512 * 1024;

    /// <summary>Answers a <c>?website</c> request on a bucket by its method.</summary>
    public static Task ServeAsync(S3Call call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var method = call.Request.Method;
        return method switch
        {
            "GET" => GetAsync(call),
            "PUT" => PutAsync(call),
            "DELETE" => DeleteAsync(call),
            _ => call.ErrorAsync(S3Errors.MethodNotAllowed(method, "BUCKET")),
        };
    }

    /// <summary>The stored configuration of <paramref name="bucket"/>, or null when it has none (or no such bucket).</summary>
    public static async Task<WebsiteConfiguration?> FindAsync(IObjectStore store, string bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var document = await store.GetBucketSettingAsync(bucket, BucketSettings.Website, cancellationToken);
        return document is null ? null : JsonSerializer.Deserialize(document, WebsiteJsonContext.Default.WebsiteConfiguration);
    }

    private static async Task PutAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        if (await RequestBody.ReadAsync(call.Request, DocumentLimit, call.Aborted) is not { } body)
        {
            await call.ErrorAsync(S3Errors.MaxMessageLengthExceeded(DocumentLimit));
            return;
        }

        if (DocumentDigest.Problem(call, body.Span) is { } digestProblem)
        {
            await call.ErrorAsync(digestProblem);
            return;
        }

        if (WebsiteXml.Read(body, out var configuration) is { } problem)
        {
            await call.ErrorAsync(problem);
            return;
        }

        var json = JsonSerializer.Serialize(configuration!, WebsiteJsonContext.Default.WebsiteConfiguration);
        if (await call.Store.SetBucketSettingAsync(call.Bucket, BucketSettings.Website, json, call.Aborted) != ObjectStoreResult.Done)
        {
            await call.ErrorAsync(S3Errors.NoSuchBucket(call.Bucket));
            return;
        }

        await call.EmptyAsync();
    }

    private static async Task GetAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        if (await FindAsync(call.Store, call.Bucket, call.Aborted) is not { } configuration)
        {
            await call.ErrorAsync(NoSuchWebsiteConfiguration(call.Bucket));
            return;
        }

        await call.XmlAsync(WebsiteXml.Write(configuration));
    }

    private static async Task DeleteAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        await call.Store.SetBucketSettingAsync(call.Bucket, BucketSettings.Website, null, call.Aborted);
        await call.EmptyAsync(StatusCodes.Status204NoContent);
    }

    /// <summary>S3's answer for a bucket without a website configuration.</summary>
    public static S3Error NoSuchWebsiteConfiguration(string bucket) =>
        new S3Error(StatusCodes.Status404NotFound, "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration")
            .With("BucketName", bucket);
}
