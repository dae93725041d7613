using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using Kumo.Gateway.S3;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// Uploads as current SDKs send them: <c>aws-chunked</c> (signed, or unsigned with a checksum trailer) and checksum
/// headers, verified as the body streams; a wrong one stores nothing. Checksums come back with
/// <c>x-amz-checksum-mode: ENABLED</c>.
/// </summary>
public sealed class ChecksummedUploadTests : S3TestHost
{
    private static readonly byte[] Data = RandomNumberGenerator.GetBytes(200_000);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
    }

    private static string Crc32Of(byte[] data)
    {
        var digest = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(digest, Crc32.HashToUInt32(data));
        return Convert.ToBase64String(digest);
    }

    private static string ChecksumOf(string algorithm, byte[] data)
    {
        using var checksum = RunningChecksum.For(ChecksumAlgorithms.FromName(algorithm)!.Value);
        checksum.Append(data);
        return Convert.ToBase64String(checksum.Digest());
    }

    private Task<HttpResponseMessage> PutChunkedAsync(
        string key, byte[] body, string contentSha256, long decodedLength, string? trailer = null, Action<HttpRequestMessage>? configure = null) =>
        PutBytesAsync("/data/" + key, body, r =>
        {
            r.Headers.Add("x-amz-content-sha256", contentSha256);
            r.Headers.Add("x-amz-decoded-content-length", decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
            r.Content!.Headers.ContentEncoding.Add("aws-chunked");
            if (trailer is not null)
            {
                r.Headers.Add("x-amz-trailer", trailer);
            }

            configure?.Invoke(r);
        });

    [Fact]
    public async Task SignedChunks_AreDecodedAndAwsChunkedIsNotKept()
    {
        using var put = await PutChunkedAsync("a.bin", AwsChunkedBody.Build(Data, 65_536, signed: true),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", Data.Length);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(Data, Store.BytesOf("data", "a.bin"));
        var stored = (await Store.HeadAsync("data", "a.bin", default))!;
        Assert.False(stored.Headers.ContainsKey("Content-Encoding"));
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(Data))}\"", put.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task AwsChunkedWithGzip_KeepsGzip()
    {
        using var put = await PutChunkedAsync("a.gz", AwsChunkedBody.Build(Data, 8192, signed: true),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", Data.Length, configure: r => r.Content!.Headers.ContentEncoding.Add("gzip"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("gzip", (await Store.HeadAsync("data", "a.gz", default))!.Headers["Content-Encoding"]);
    }

    [Theory]
    [InlineData("CRC32")]
    [InlineData("CRC32C")]
    [InlineData("CRC64NVME")]
    [InlineData("SHA1")]
    [InlineData("SHA256")]
    public async Task UnsignedTrailer_RightChecksum_IsStoredAndReturned(string algorithm)
    {
        var header = "x-amz-checksum-" + algorithm.ToLowerInvariant();
        var value = ChecksumOf(algorithm, Data);
        var body = AwsChunkedBody.Build(Data, 65_536, signed: false, [new(header, value)]);

        using var put = await PutChunkedAsync("a.bin", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", Data.Length, header,
            r => r.Headers.Add("x-amz-sdk-checksum-algorithm", algorithm));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(value, Header(put, header));
        Assert.Equal(value, (await Store.HeadAsync("data", "a.bin", default))!.Checksums[algorithm]);
        Assert.Equal(Data, Store.BytesOf("data", "a.bin"));

        using var get = await SendAsync(HttpMethod.Get, "/data/a.bin", configure: r => r.Headers.Add("x-amz-checksum-mode", "ENABLED"));
        Assert.Equal(value, Header(get, header));
        Assert.Equal("FULL_OBJECT", Header(get, "x-amz-checksum-type"));
    }

    [Fact]
    public void Crc32_MatchesSystemIoHashing()
    {
        Assert.Equal(Crc32Of(Data), ChecksumOf("CRC32", Data));
    }

    [Fact]
    public async Task SignedTrailer_RightChecksum_IsStored()
    {
        var body = AwsChunkedBody.Build(Data, 65_536, signed: true, [new("x-amz-checksum-crc32", Crc32Of(Data))]);

        using var put = await PutChunkedAsync("a.bin", body, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", Data.Length, "x-amz-checksum-crc32");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(Crc32Of(Data), (await Store.HeadAsync("data", "a.bin", default))!.Checksums["CRC32"]);
    }

    [Fact]
    public async Task UnsignedTrailer_WrongChecksum_Answers400BadDigestAndStoresNothing()
    {
        var body = AwsChunkedBody.Build(Data, 65_536, signed: false, [new("x-amz-checksum-crc32", Crc32Of("other"u8.ToArray()))]);

        using var put = await PutChunkedAsync("a.bin", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", Data.Length, "x-amz-checksum-crc32");

        var error = await ErrorAsync(put, HttpStatusCode.BadRequest, "BadDigest");
        Assert.Contains("CRC32", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Equal(1, Store.Writes);
        Assert.Null(Store.BytesOf("data", "a.bin"));
    }

    [Fact]
    public async Task UnsignedTrailer_WrongChecksum_LeavesTheOldObject()
    {
        Store.Seed("data", "a.bin", "old"u8.ToArray());
        var body = AwsChunkedBody.Build(Data, 65_536, signed: false, [new("x-amz-checksum-sha256", ChecksumOf("SHA256", [1]))]);

        using var put = await PutChunkedAsync("a.bin", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", Data.Length, "x-amz-checksum-sha256");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("old"u8.ToArray(), Store.BytesOf("data", "a.bin"));
    }

    [Fact]
    public async Task UnsignedTrailer_TrailerMissing_Answers400MalformedTrailerAndStoresNothing()
    {
        using var put = await PutChunkedAsync("a.bin", "5\r\nhello\r\n0\r\n\r\n"u8.ToArray(), "STREAMING-UNSIGNED-PAYLOAD-TRAILER", 5, "x-amz-checksum-crc64nvme");

        await ErrorAsync(put, HttpStatusCode.BadRequest, "MalformedTrailerError");
        Assert.Null(Store.BytesOf("data", "a.bin"));
    }

    [Fact]
    public async Task UnsignedTrailer_ValueNotADigest_Answers400InvalidRequest()
    {
        var body = AwsChunkedBody.Build(Data, 65_536, signed: false, [new("x-amz-checksum-crc32", "not base64!")]);

        using var put = await PutChunkedAsync("a.bin", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", Data.Length, "x-amz-checksum-crc32");

        await ErrorAsync(put, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Null(Store.BytesOf("data", "a.bin"));
    }

    [Fact]
    public async Task DecodedLengthLargerThanTheData_Answers400IncompleteBodyAndStoresNothing()
    {
        using var put = await PutChunkedAsync("a.bin", AwsChunkedBody.Build(Data, 65_536, signed: true),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", Data.Length + 1);

        await ErrorAsync(put, HttpStatusCode.BadRequest, "IncompleteBody");
        Assert.Null(Store.BytesOf("data", "a.bin"));
    }

    [Fact]
    public async Task DecodedLengthSmallerThanTheData_Answers400AndStoresNothing()
    {
        using var put = await PutChunkedAsync("a.bin", AwsChunkedBody.Build(Data, 65_536, signed: true),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", Data.Length - 1);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Null(Store.BytesOf("data", "a.bin"));
    }

    [Fact]
    public async Task ChunkedBodyWithoutItsFinalChunk_Answers400IncompleteBodyAndStoresNothing()
    {
        using var put = await PutChunkedAsync("a.bin", AwsChunkedBody.Build(Data, 65_536, signed: true, final: false),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", Data.Length);

        await ErrorAsync(put, HttpStatusCode.BadRequest, "IncompleteBody");
        Assert.Null(Store.BytesOf("data", "a.bin"));
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32")]
    [InlineData("x-amz-checksum-sha256")]
    public async Task ChecksumHeader_Right_IsStored(string header)
    {
        var algorithm = ChecksumAlgorithms.FromHeaderName(header)!.Value;
        var value = ChecksumOf(algorithm.Name(), Data);

        using var put = await PutBytesAsync("/data/a.bin", Data, r => r.Headers.Add(header, value));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(value, (await Store.HeadAsync("data", "a.bin", default))!.Checksums[algorithm.Name()]);
    }

    [Fact]
    public async Task ChecksumHeader_Wrong_Answers400BadDigestAndStoresNothing()
    {
        using var put = await PutBytesAsync("/data/a.bin", Data, r => r.Headers.Add("x-amz-checksum-crc32c", "AAAAAA=="));

        await ErrorAsync(put, HttpStatusCode.BadRequest, "BadDigest");
        Assert.Null(Store.BytesOf("data", "a.bin"));
    }

    [Fact]
    public async Task ChecksumHeader_NotADigestOfItsSize_Answers400InvalidRequestBeforeReading()
    {
        using var put = await PutBytesAsync("/data/a.bin", Data, r => r.Headers.Add("x-amz-checksum-crc32", "AAAAAAAA"));

        await ErrorAsync(put, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal(0, Store.Writes);
    }

    [Fact]
    public async Task TwoChecksums_Answers400InvalidRequest()
    {
        using var put = await PutBytesAsync("/data/a.bin", Data, r =>
        {
            r.Headers.Add("x-amz-checksum-crc32", Crc32Of(Data));
            r.Headers.Add("x-amz-checksum-sha1", ChecksumOf("SHA1", Data));
        });

        await ErrorAsync(put, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task SdkAlgorithmWithoutAChecksum_Answers400InvalidRequest()
    {
        using var put = await PutBytesAsync("/data/a.bin", Data, r => r.Headers.Add("x-amz-sdk-checksum-algorithm", "CRC32"));

        var error = await ErrorAsync(put, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Contains("x-amz-sdk-checksum-algorithm", (string?)error.Element("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutChecksumMode_SendsNoChecksum()
    {
        Store.Seed("data", "a.bin", Data, w => w with { Checksums = new Dictionary<string, string> { ["CRC32"] = Crc32Of(Data) } });

        using var get = await SendAsync(HttpMethod.Get, "/data/a.bin");

        Assert.Null(Header(get, "x-amz-checksum-crc32"));
    }

    [Fact]
    public async Task Get_RangeWithChecksumMode_SendsNoChecksum()
    {
        Store.Seed("data", "a.bin", Data, w => w with { Checksums = new Dictionary<string, string> { ["CRC32"] = Crc32Of(Data) } });

        using var get = await SendAsync(HttpMethod.Get, "/data/a.bin", configure: r =>
        {
            r.Headers.Add("x-amz-checksum-mode", "ENABLED");
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
        });

        Assert.Equal(HttpStatusCode.PartialContent, get.StatusCode);
        Assert.Null(Header(get, "x-amz-checksum-crc32"));
    }

    [Fact]
    public async Task Head_WithChecksumMode_SendsTheChecksum()
    {
        Store.Seed("data", "a.bin", Data, w => w with { Checksums = new Dictionary<string, string> { ["CRC32"] = Crc32Of(Data) } });

        using var head = await SendAsync(HttpMethod.Head, "/data/a.bin", configure: r => r.Headers.Add("x-amz-checksum-mode", "ENABLED"));

        Assert.Equal(Crc32Of(Data), Header(head, "x-amz-checksum-crc32"));
    }
}
