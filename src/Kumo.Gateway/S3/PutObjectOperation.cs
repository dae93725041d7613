using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http.Features;

namespace Kumo.Gateway.S3;

/// <summary>
/// PutObject (<c>PUT /{bucket}/{key}</c>): the body streams to the store through <see cref="VerifiedBodyStream"/>
/// (decoding <c>aws-chunked</c> on the way), so a wrong <c>Content-MD5</c> or checksum fails the store's write and
/// nothing is stored. Up to 5 GiB, as a single PUT on S3.
/// </summary>
internal static class PutObjectOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        var request = call.Request;
        if ((call.KeyProblem() ?? WriteRefusals.Problem(request, copy: false) ?? ObjectAcl.Problem(request, forBucket: false)) is { } refused)
        {
            await call.ErrorAsync(refused);
            return;
        }

        if (UploadBody.TryRead(request, out var upload) is { } bodyProblem)
        {
            await call.ErrorAsync(bodyProblem);
            return;
        }

        if (ObjectHeaders.Read(request, call.Bucket, call.Key, upload.ContentEncoding, out var write) is { } metadataProblem)
        {
            await call.ErrorAsync(metadataProblem);
            return;
        }

        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        // Kestrel's default limit (30 MB) would cut uploads short; the verified stream enforces S3's 5 GiB instead.
        if (call.Context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = null;
        }

        await using var body = upload.Open(request.Body);
        ObjectInfo? stored;
        try
        {
            stored = await call.Store.PutAsync(write with { Checksums = body.Checksums, Origin = call.Origin }, body, call.Aborted);
        }
        catch (Exception e) when (S3Exception.Find(e) is { } bodyRefused)
        {
            await call.ErrorAsync(bodyRefused.Error);
            return;
        }

        if (stored is null)
        {
            // The bucket went away while the body streamed.
            await call.ErrorAsync(S3Errors.NoSuchBucket(call.Bucket));
            return;
        }

        call.Response.Headers.ETag = stored.ETag;
        ObjectHeaders.WriteChecksums(call.Response, stored.Checksums);
        await call.EmptyAsync();
    }
}
