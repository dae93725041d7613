using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// CreateMultipartUpload (<c>POST /{bucket}/{key}?uploads</c>): the object's content headers and metadata, taken as
/// PutObject takes them and kept until the upload is completed, and its checksum: <c>x-amz-checksum-algorithm</c>
/// with <c>x-amz-checksum-type</c> (<c>COMPOSITE</c> or <c>FULL_OBJECT</c>, see <see cref="MultipartChecksums"/>).
/// </summary>
internal static class MultipartCreateOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        var request = call.Request;
        if ((call.KeyProblem() ?? WriteRefusals.Problem(request, copy: false) ?? ObjectAcl.Problem(request, forBucket: false)) is { } refused)
        {
            await call.ErrorAsync(refused);
            return;
        }

        if (ReadChecksumMode(request, out var algorithm, out var type) is { } checksumProblem)
        {
            await call.ErrorAsync(checksumProblem);
            return;
        }

        if (ObjectHeaders.Read(request, call.Bucket, call.Key, request.Headers.ContentEncoding.ToString(), out var write) is { } metadataProblem)
        {
            await call.ErrorAsync(metadataProblem);
            return;
        }

        if (await MultipartCalls.StoreAsync(call) is not { } store || await call.OwnBucketAsync() is null)
        {
            return;
        }

        var upload = await store.CreateUploadAsync(
            new NewMultipartUpload
            {
                Bucket = call.Bucket,
                Key = call.Key,
                ContentType = write.ContentType,
                Headers = write.Headers,
                Metadata = write.Metadata,
                ChecksumAlgorithm = algorithm?.Name(),
                ChecksumType = type,
            },
            call.Aborted);
        if (upload is null)
        {
            // The bucket went away meanwhile.
            await call.ErrorAsync(S3Errors.NoSuchBucket(call.Bucket));
            return;
        }

        if (algorithm is { } named)
        {
            call.Response.Headers[MultipartCalls.ChecksumAlgorithmHeader] = named.Name();
            call.Response.Headers[S3Headers.ChecksumType] = type;
        }

        await call.XmlAsync(S3Xml.Document("InitiateMultipartUploadResult", writer =>
        {
            writer.Element("Bucket", call.Bucket);
            writer.Element("Key", call.Key);
            writer.Element("UploadId", upload.UploadId);
        }));
    }

    /// <summary>The checksum algorithm and type the upload asks for (none, or an algorithm and a type it supports); the error when they are not valid.</summary>
    private static S3Error? ReadChecksumMode(HttpRequest request, out ChecksumAlgorithm? algorithm, out string? type)
    {
        algorithm = null;
        type = null;
        var algorithmText = request.Headers[MultipartCalls.ChecksumAlgorithmHeader].ToString();
        var typeText = request.Headers[S3Headers.ChecksumType].ToString();
        if (algorithmText.Length == 0)
        {
            return typeText.Length == 0
                ? null
                : S3Errors.InvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }

        algorithm = ChecksumAlgorithms.FromName(algorithmText);
        if (algorithm is not { } named)
        {
            return S3Errors.InvalidRequest(
                "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }

        type = typeText.Length == 0 ? MultipartChecksums.DefaultType(named) : typeText.ToUpperInvariant();
        if (type is not (MultipartChecksums.Composite or MultipartChecksums.FullObject))
        {
            return S3Errors.InvalidRequest("Value for x-amz-checksum-type header is invalid: it is COMPOSITE or FULL_OBJECT.");
        }

        return MultipartChecksums.Supports(named, type)
            ? null
            : S3Errors.InvalidRequest($"The {type} checksum type cannot be used with the {named.Name().ToLowerInvariant()} checksum algorithm.");
    }
}
