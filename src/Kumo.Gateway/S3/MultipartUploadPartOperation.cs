using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http.Features;

namespace Kumo.Gateway.S3;

/// <summary>
/// UploadPart (<c>PUT /{bucket}/{key}?partNumber=N&amp;uploadId=ID</c>): the body streams to the store through
/// <see cref="VerifiedBodyStream"/>, exactly as PutObject's does (<c>Content-MD5</c>, <c>x-amz-checksum-*</c> as a header
/// or an <c>aws-chunked</c> trailer, the length, at most 5 GiB), so a part that does not add up is not stored. A part
/// of an upload with a checksum carries a checksum of that algorithm; for a <c>FULL_OBJECT</c> one Kumo computes it when
/// the client sent none, as S3 does. A part of an upload without one keeps whichever checksum it was sent with, which
/// CompleteMultipartUpload's part list may name again. A part sent again replaces the earlier one.
/// </summary>
internal static class MultipartUploadPartOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        var request = call.Request;
        if (call.KeyProblem() is { } keyProblem)
        {
            await call.ErrorAsync(keyProblem);
            return;
        }

        if (MultipartCalls.PartNumber(call) is not { } partNumber)
        {
            await call.ErrorAsync(MultipartErrors.InvalidPartNumber(call.Query["partNumber"].ToString()));
            return;
        }

        if (UploadBody.TryRead(request, out var upload) is { } bodyProblem)
        {
            await call.ErrorAsync(bodyProblem);
            return;
        }

        if (await MultipartCalls.StoreAsync(call) is not { } store || await MultipartCalls.UploadAsync(call, store) is not { } multipart)
        {
            return;
        }

        if (MultipartCalls.AlgorithmOf(multipart) is { } expected)
        {
            if (upload.Algorithm is { } sent && sent != expected)
            {
                await call.ErrorAsync(MultipartErrors.ChecksumTypeMismatch(expected.Name(), sent.Name()));
                return;
            }

            if (upload.Algorithm is null)
            {
                if (multipart.ChecksumType != MultipartChecksums.FullObject)
                {
                    await call.ErrorAsync(MultipartErrors.ChecksumTypeMismatch(expected.Name(), null));
                    return;
                }

                upload = upload.Computing(expected);
            }
        }

        // Kestrel's default limit (30 MB) would cut parts short; the verified stream enforces S3's 5 GiB instead.
        if (call.Context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = null;
        }

        await using var body = upload.Open(request.Body);
        PartInfo? stored;
        try
        {
            stored = await store.PutPartAsync(
                new PartWrite { UploadId = multipart.UploadId, Bucket = call.Bucket, Key = call.Key, PartNumber = partNumber, Checksums = body.Checksums },
                body,
                call.Aborted);
        }
        catch (Exception e) when (S3Exception.Find(e) is { } bodyRefused)
        {
            await call.ErrorAsync(bodyRefused.Error);
            return;
        }

        if (stored is null)
        {
            // Completed or aborted while the part streamed.
            await call.ErrorAsync(MultipartErrors.NoSuchUpload(multipart.UploadId));
            return;
        }

        call.Response.Headers.ETag = stored.ETag;
        ObjectHeaders.WriteChecksums(call.Response, stored.Checksums, withType: false);
        await call.EmptyAsync();
    }
}
