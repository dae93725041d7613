using System.Globalization;
using System.Xml;
using Kumo.Abstractions.Objects;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.S3;

/// <summary>What the multipart operations share: their headers, the store, the upload a request names, and how parts and owners are written.</summary>
internal static class MultipartCalls
{
    /// <summary>CreateMultipartUpload's checksum algorithm (<c>CRC32</c>, <c>SHA256</c> …).</summary>
    public const string ChecksumAlgorithmHeader = "x-amz-checksum-algorithm";

    /// <summary>UploadPartCopy's range of the source: <c>bytes=first-last</c>.</summary>
    public const string CopySourceRangeHeader = "x-amz-copy-source-range";

    /// <summary>CompleteMultipartUpload's expected object size.</summary>
    public const string ObjectSizeHeader = "x-amz-mp-object-size";

    /// <summary>The most parts an upload has, and the highest part number.</summary>
    public const int MostParts = 10_000;

    /// <summary>The most parts or uploads one listing page holds.</summary>
    public const int MostPerPage = 1000;

    /// <summary>The multipart store; when the server has none, answers 501 and gives null.</summary>
    public static async Task<IMultipartStore?> StoreAsync(S3Call call)
    {
        if (call.Context.RequestServices.GetService<IMultipartStore>() is { } store)
        {
            return store;
        }

        await call.ErrorAsync(S3Errors.NotImplemented("This Kumo server's object store has no multipart uploads."));
        return null;
    }

    /// <summary>
    /// The upload <c>?uploadId</c> names, when the bucket is the tenant's and the upload is in progress for the request's
    /// key; otherwise answers (NoSuchBucket, AccessDenied or NoSuchUpload) and gives null.
    /// </summary>
    public static async Task<MultipartUpload?> UploadAsync(S3Call call, IMultipartStore store)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return null;
        }

        var uploadId = call.Query["uploadId"].ToString();
        var upload = uploadId.Length == 0 ? null : await store.GetUploadAsync(call.Bucket, call.Key, uploadId, call.Aborted);
        if (upload is null)
        {
            await call.ErrorAsync(MultipartErrors.NoSuchUpload(uploadId));
        }

        return upload;
    }

    /// <summary>The part number of <c>?partNumber</c>, 1–10,000; null when it is missing or not one.</summary>
    public static int? PartNumber(S3Call call)
    {
        var text = call.Query["partNumber"].ToString();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= MostParts ? number : null;
    }

    /// <summary>The upload's checksum algorithm, if it has one.</summary>
    public static ChecksumAlgorithm? AlgorithmOf(MultipartUpload upload) =>
        upload.ChecksumAlgorithm is { } name ? ChecksumAlgorithms.FromName(name) : null;

    /// <summary>Writes <c>ChecksumCRC32</c> … elements for the checksums S3 knows by name.</summary>
    public static void WriteChecksums(XmlWriter writer, IReadOnlyDictionary<string, string> checksums)
    {
        foreach (var (name, value) in checksums)
        {
            if (ChecksumAlgorithms.FromName(name) is { } algorithm)
            {
                writer.Element(algorithm.ElementName(), value);
            }
        }
    }

    /// <summary>Writes the <c>Initiator</c> and <c>Owner</c> of an upload: the tenant, who started it and owns the bucket.</summary>
    public static void WriteInitiatorAndOwner(XmlWriter writer, string tenant)
    {
        S3Owner.Write(writer, tenant, "Initiator");
        S3Owner.Write(writer, tenant);
    }

    /// <summary>Writes the upload's <c>ChecksumAlgorithm</c> and <c>ChecksumType</c>, when it has them.</summary>
    public static void WriteChecksumMode(XmlWriter writer, MultipartUpload upload)
    {
        if (upload.ChecksumAlgorithm is { } algorithm)
        {
            writer.Element("ChecksumAlgorithm", algorithm);
            writer.Element("ChecksumType", upload.ChecksumType ?? MultipartChecksums.Composite);
        }
    }
}
