using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// The AWS SDK for .NET (AWSSDK.S3 from NuGet) against Kumo's S3 API, configured as its documentation says for an
/// S3-compatible endpoint: <c>ServiceURL</c>, <c>ForcePathStyle</c> and <c>AuthenticationRegion</c>. This major
/// version sends a CRC32 checksum with every upload by default, in an <c>aws-chunked</c> body with a trailer.
/// </summary>
public sealed class AwsSdkS3Tests(S3Server server) : IClassFixture<S3Server>, IDisposable
{
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
}
