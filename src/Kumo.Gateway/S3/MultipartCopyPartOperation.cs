using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.S3;

/// <summary>
/// UploadPartCopy (<c>PUT /{bucket}/{key}?partNumber=N&amp;uploadId=ID</c> with <c>x-amz-copy-source</c>): a stored
/// object, or the <c>x-amz-copy-source-range</c> of it, becomes the part, with the <c>x-amz-copy-source-if-*</c>
/// conditions of CopyObject. The source stays readable while it is copied even if it is replaced meanwhile; the part
/// gets the upload's checksum, computed from the bytes copied.
/// </summary>
internal static class MultipartCopyPartOperation
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

        var header = request.Headers[S3Headers.CopySource].ToString();
        if (CopySource.Parse(header) is not { } source)
        {
            await call.ErrorAsync(S3Errors.InvalidArgument(
                "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", S3Headers.CopySource, header));
            return;
        }

        if (source.VersionId is { } versionId && versionId != "null")
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Invalid version id specified", S3Headers.CopySource, header));
            return;
        }

        var rangeHeader = request.Headers[MultipartCalls.CopySourceRangeHeader].ToString();
        long first = 0, last = 0;
        if (rangeHeader.Length > 0 && !CopySourceRange.TryParse(rangeHeader, out first, out last))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument(
                "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                MultipartCalls.CopySourceRangeHeader, rangeHeader));
            return;
        }

        if (await MultipartCalls.StoreAsync(call) is not { } store
            || await MultipartCalls.UploadAsync(call, store) is not { } upload
            || await call.OwnBucketAsync(source.Bucket) is null)
        {
            return;
        }

        await using var content = await call.Store.OpenAsync(source.Bucket, source.Key, call.Aborted);
        if (content is null)
        {
            await call.ErrorAsync(S3Errors.NoSuchKey(source.Key));
            return;
        }

        if (CopyObjectOperation.ConditionProblem(request, content.Info) is { } conditionProblem)
        {
            await call.ErrorAsync(conditionProblem);
            return;
        }

        var size = content.Info.Size;
        if (rangeHeader.Length == 0)
        {
            last = size - 1;
        }
        else if (last >= size)
        {
            await call.ErrorAsync(S3Errors.InvalidArgument(
                $"Range specified is not valid for source object of size: {size}", MultipartCalls.CopySourceRangeHeader, rangeHeader));
            return;
        }

        var length = last - first + 1;
        if (length > S3Errors.MaxSinglePutSize)
        {
            await call.ErrorAsync(S3Errors.InvalidRequest(
                $"The specified copy source is larger than the maximum allowable size for a copy source: {S3Errors.MaxSinglePutSize}"));
            return;
        }

        if (first > 0)
        {
            content.Body.Seek(first, SeekOrigin.Begin);
        }

        await using var body = UploadBody.Copied(length, MultipartCalls.AlgorithmOf(upload)).Open(new BoundedStream(content.Body, length));
        var stored = await store.PutPartAsync(
            new PartWrite { UploadId = upload.UploadId, Bucket = call.Bucket, Key = call.Key, PartNumber = partNumber, Checksums = body.Checksums },
            body,
            call.Aborted);
        if (stored is null)
        {
            await call.ErrorAsync(MultipartErrors.NoSuchUpload(upload.UploadId));
            return;
        }

        await call.XmlAsync(S3Xml.Document("CopyPartResult", writer =>
        {
            writer.Element("LastModified", stored.LastModified);
            writer.Element("ETag", stored.ETag);
            MultipartCalls.WriteChecksums(writer, stored.Checksums);
        }));
    }
}
