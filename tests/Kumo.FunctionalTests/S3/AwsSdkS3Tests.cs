using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// The AWS SDK for .NET (AWSSDK.S3 from NuGet) against Kumo's S3 API, configured as its documentation says for an
/// S3-compatible endpoint: <c>ServiceURL</c>, <c>ForcePathStyle</c> and <c>AuthenticationRegion</c>. This major
/// version sends a CRC32 checksum with every upload by default, in an <c>aws-chunked</c> body with a trailer.
/// </summary>
public sealed class AwsSdkS3Tests(S3Server server) : IClassFixture<S3Server>, IDisposable
{
    private const int MiB = 1024 * 1024;

    private readonly AmazonS3Client _s3 = new(
        new BasicAWSCredentials("test", "test"),
        new AmazonS3Config
        {
            ServiceURL = server.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task Objects_PutGetListCopyHeadDelete_RoundTrip()
    {
        var bucket = S3Server.NewBucketName("sdk");
        await _s3.PutBucketAsync(bucket);
        var data = new byte[700_000];
        new Random(11).NextBytes(data);
        const string Key = "photos/été 2024/ünïcode ✓.bin";
        var md5 = Convert.ToHexStringLower(MD5.HashData(data));

        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = Key,
            InputStream = new MemoryStream(data),
            ContentType = "application/x-kumo-sdk",
            Metadata = { ["colour"] = "green" },
        });
        byte[] read;
        using (var get = await _s3.GetObjectAsync(bucket, Key))
        {
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            read = copy.ToArray();
            Assert.Equal("application/x-kumo-sdk", get.Headers.ContentType);
            Assert.Equal("green", get.Metadata["colour"]);
        }

        var copied = await _s3.CopyObjectAsync(bucket, Key, bucket, "copies/copy.bin");
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        var head = await _s3.GetObjectMetadataAsync(bucket, "copies/copy.bin");
        await _s3.DeleteObjectAsync(bucket, Key);
        var afterDelete = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal($"\"{md5}\"", put.ETag);
        Assert.False(string.IsNullOrEmpty(put.ChecksumCRC32), "the server did not answer the SDK's default CRC32 checksum");
        Assert.Equal(data, read);
        Assert.Equal($"\"{md5}\"", copied.ETag);
        Assert.Equal(["copies/copy.bin", Key], listed.S3Objects.Select(o => o.Key));
        Assert.All(listed.S3Objects, o => Assert.Equal(data.Length, o.Size));
        Assert.Equal(data.Length, head.ContentLength);
        Assert.Equal($"\"{md5}\"", head.ETag);
        Assert.Equal("green", head.Metadata["colour"]);
        Assert.Equal(["copies/copy.bin"], afterDelete.S3Objects.Select(o => o.Key));
    }

    /// <summary>
    /// TransferUtility uploads a file above its threshold in parts (each with the SDK's default CRC32 checksum) and
    /// downloads it again part by part (<c>GET ?partNumber=N</c>, its default strategy).
    /// </summary>
    [Fact]
    public async Task TransferUtility_FileInPartsUpAndDownByParts_ComesBackByteIdentical()
    {
        var bucket = S3Server.NewBucketName("sdk-transfer");
        await _s3.PutBucketAsync(bucket);
        var data = new byte[(18 * MiB) + 7];
        new Random(23).NextBytes(data);
        var file = server.Temp.Combine($"transfer-{bucket}.bin");
        var back = file + ".back";
        await File.WriteAllBytesAsync(file, data);
        using var transfer = new TransferUtility(_s3);

        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "films/big.bin", FilePath = file, PartSize = 5 * MiB });
        var head = await _s3.GetObjectMetadataAsync(bucket, "films/big.bin");
        await transfer.DownloadAsync(new TransferUtilityDownloadRequest { BucketName = bucket, Key = "films/big.bin", FilePath = back });

        Assert.Equal(data.Length, head.ContentLength);
        Assert.EndsWith("-4\"", head.ETag, StringComparison.Ordinal);
        Assert.Equal(data, await File.ReadAllBytesAsync(back));
        var uploads = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    /// <summary>
    /// The low-level calls with a full-object CRC32: the object's checksum is the CRC32 of all its bytes, which the
    /// SDK checks again when it downloads the object with checksum mode on.
    /// </summary>
    [Fact]
    public async Task LowLevelMultipart_FullObjectCrc32_IsTheCrcOfTheWholeObject()
    {
        var bucket = S3Server.NewBucketName("sdk-multipart");
        await _s3.PutBucketAsync(bucket);
        var first = new byte[5 * MiB];
        var second = new byte[1000];
        new Random(29).NextBytes(first);
        new Random(31).NextBytes(second);

        var created = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "whole.bin",
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
            ChecksumType = ChecksumType.FULL_OBJECT,
        });
        var parts = new List<UploadPartResponse>();
        foreach (var (number, bytes) in new[] { (1, first), (2, second) })
        {
            parts.Add(await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = "whole.bin",
                UploadId = created.UploadId,
                PartNumber = number,
                InputStream = new MemoryStream(bytes),
                ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
            }));
        }

        var listed = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "whole.bin", UploadId = created.UploadId });
        var inProgress = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        var completion = new CompleteMultipartUploadRequest { BucketName = bucket, Key = "whole.bin", UploadId = created.UploadId };
        completion.AddPartETagsAndChecksums(parts);
        var completed = await _s3.CompleteMultipartUploadAsync(completion);
        byte[] read;
        string? returned;
        using (var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "whole.bin", ChecksumMode = ChecksumMode.ENABLED }))
        {
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            read = copy.ToArray();
            returned = get.ChecksumCRC32;
        }

        var whole = Crc32Of([.. first, .. second]);
        Assert.Equal([1, 2], listed.Parts.Select(p => p.PartNumber ?? 0));
        Assert.Equal(created.UploadId, Assert.Single(inProgress.MultipartUploads).UploadId);
        Assert.All(parts, p => Assert.False(string.IsNullOrEmpty(p.ChecksumCRC32)));
        Assert.Equal(whole, completed.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, completed.ChecksumType);
        Assert.Equal(whole, returned);
        Assert.Equal([.. first, .. second], read);

        var aborted = await _s3.InitiateMultipartUploadAsync(bucket, "aborted.bin");
        await _s3.AbortMultipartUploadAsync(bucket, "aborted.bin", aborted.UploadId);
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "aborted.bin", UploadId = aborted.UploadId }));
        Assert.Equal(("NoSuchUpload", HttpStatusCode.NotFound), (error.ErrorCode, error.StatusCode));
    }

    [Fact]
    public async Task GetObject_MissingKey_AmazonS3ExceptionNoSuchKey404()
    {
        var bucket = S3Server.NewBucketName("sdk-missing");
        await _s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "no/such key"));

        // The SDK raises its own class for the code, a kind of AmazonS3Exception.
        Assert.IsType<NoSuchKeyException>(error);
        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    /// <summary>CRC-32 (the zlib one, S3's <c>CRC32</c>) of <paramref name="data"/>, base64 of its big-endian bytes as S3 sends it.</summary>
    private static string Crc32Of(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        crc = ~crc;
        return Convert.ToBase64String([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
    }
}
