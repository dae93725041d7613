using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// CopyObject (<c>PUT /{bucket}/{key}</c> with <c>x-amz-copy-source</c>): the <c>COPY</c> or <c>REPLACE</c>
/// metadata directive, the <c>x-amz-copy-source-if-*</c> conditions, and S3's <c>CopyObjectResult</c>.
/// </summary>
internal static class CopyObjectOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        var request = call.Request;
        if ((call.KeyProblem() ?? WriteRefusals.Problem(request, copy: true) ?? ObjectAcl.Problem(request, forBucket: false)) is { } refused)
        {
            await call.ErrorAsync(refused);
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
            await call.ErrorAsync(S3Errors.InvalidArgument("Invalid version id specified", "x-amz-copy-source", header));
            return;
        }

        var directive = request.Headers[S3Headers.MetadataDirective].ToString();
        if (directive.Length > 0 && directive is not ("COPY" or "REPLACE"))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Unknown metadata directive.", S3Headers.MetadataDirective, directive));
            return;
        }

        var replace = directive == "REPLACE";
        if (!replace && source.Bucket == call.Bucket && source.Key == call.Key)
        {
            await call.ErrorAsync(S3Errors.InvalidRequest(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, " +
                "storage class, website redirect location or encryption attributes."));
            return;
        }

        if (await call.OwnBucketAsync() is null || await call.OwnBucketAsync(source.Bucket) is null)
        {
            return;
        }

        var from = await call.Store.HeadAsync(source.Bucket, source.Key, call.Aborted);
        if (from is null)
        {
            await call.ErrorAsync(S3Errors.NoSuchKey(source.Key));
            return;
        }

        if (ConditionProblem(request, from) is { } conditionProblem)
        {
            await call.ErrorAsync(conditionProblem);
            return;
        }

        if (from.Size > S3Errors.MaxSinglePutSize)
        {
            await call.ErrorAsync(S3Errors.InvalidRequest(
                $"The specified copy source is larger than the maximum allowable size for a copy source: {S3Errors.MaxSinglePutSize}"));
            return;
        }

        ObjectWrite? replacement = null;
        if (replace)
        {
            if (ObjectHeaders.Read(request, call.Bucket, call.Key, request.Headers.ContentEncoding.ToString(), out var write) is { } metadataProblem)
            {
                await call.ErrorAsync(metadataProblem);
                return;
            }

            replacement = write;
        }

        var copied = await call.Store.CopyAsync(source.Bucket, source.Key, call.Bucket, call.Key, replacement, call.Origin, call.Aborted);
        if (copied is null)
        {
            // The source (or the destination bucket) went away meanwhile.
            await call.ErrorAsync(await call.Store.GetBucketAsync(call.Bucket, call.Aborted) is null
                ? S3Errors.NoSuchBucket(call.Bucket)
                : S3Errors.NoSuchKey(source.Key));
            return;
        }

        await call.XmlAsync(S3Xml.Document("CopyObjectResult", writer =>
        {
            writer.Element("LastModified", copied.LastModified);
            writer.Element("ETag", copied.ETag);
            foreach (var (name, value) in copied.Checksums)
            {
                if (ChecksumAlgorithms.FromName(name) is { } algorithm)
                {
                    writer.Element(algorithm.ElementName(), value);
                }
            }
        }));
    }

    /// <summary>The <c>x-amz-copy-source-if-*</c> conditions (of CopyObject and UploadPartCopy): any that does not hold is 412, as S3 answers.</summary>
    internal static S3Error? ConditionProblem(HttpRequest request, ObjectInfo source)
    {
        var headers = request.Headers;
        var outcome = Preconditions.Evaluate(source,
            headers[S3Headers.CopySourceIfMatch].ToString(), headers[S3Headers.CopySourceIfNoneMatch].ToString(),
            headers[S3Headers.CopySourceIfModifiedSince].ToString(), headers[S3Headers.CopySourceIfUnmodifiedSince].ToString(),
            out var condition);
        return outcome == PreconditionOutcome.Proceed ? null : S3Errors.PreconditionFailed("x-amz-copy-source-" + condition);
    }
}
