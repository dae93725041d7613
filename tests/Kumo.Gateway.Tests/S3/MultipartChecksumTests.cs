using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Kumo.Gateway.S3;
using static Kumo.Gateway.Tests.S3.MultipartUploadTests;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// Checksums of multipart uploads as S3 keeps them: the algorithm and type chosen at creation, a checksum of that
/// algorithm on every part, and the object's checksum from the parts' (composite, or the whole object's CRC).
/// </summary>
public sealed class MultipartChecksumTests : S3TestHost
{
    private static readonly byte[] First = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 3);
    private static readonly byte[] Second = RandomNumberGenerator.GetBytes(70_001);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
    }

    private static string ChecksumOf(ChecksumAlgorithm algorithm, byte[] data)
    {
        using var checksum = RunningChecksum.For(algorithm);
        checksum.Append(data);
        return Convert.ToBase64String(checksum.Digest());
    }

    private async Task<(string UploadId, HttpResponseMessage Response)> CreateAsync(string algorithm, string? type)
    {
        var response = await SendAsync(HttpMethod.Post, "/data/k.bin?uploads", configure: r =>
        {
            r.Headers.Add("x-amz-checksum-algorithm", algorithm);
            if (type is not null)
            {
                r.Headers.Add("x-amz-checksum-type", type);
            }
        });
        var result = await XmlAsync(response);
        return ((string)result.Element(S3 + "UploadId")!, response);
    }

    private Task<HttpResponseMessage> UploadPartAsync(string uploadId, int number, byte[] bytes, string? header = null, string? value = null) =>
        PutBytesAsync($"/data/k.bin?partNumber={number}&uploadId={uploadId}", bytes, r =>
        {
            if (header is not null)
            {
                r.Headers.Add(header, value);
            }
        });

    private async Task<XElement> CompleteAsync(string uploadId, params (int Number, string ETag)[] parts)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/data/k.bin?uploadId={uploadId}", new StringContent(CompletionXml(parts), Encoding.UTF8, "application/xml"));
        return await XmlAsync(response);
    }

    private async Task<string> CreateWithoutAChecksumAsync()
    {
        using var response = await SendAsync(HttpMethod.Post, "/data/k.bin?uploads");
        return (string)(await XmlAsync(response)).Element(S3 + "UploadId")!;
    }

    private Task<HttpResponseMessage> CompleteWithChecksumAsync(string uploadId, string etag, string element, string checksum) =>
        SendAsync(HttpMethod.Post, $"/data/k.bin?uploadId={uploadId}", new StringContent(
            $"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag><{element}>{checksum}</{element}></Part></CompleteMultipartUpload>",
            Encoding.UTF8, "application/xml"));

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA1")]
    [InlineData("CRC32")]
    [InlineData("CRC32C")]
    public async Task Composite_ObjectChecksumIsTheChecksumOfThePartsChecksumsDashParts(string name)
    {
        var algorithm = ChecksumAlgorithms.FromName(name)!.Value;
        var (uploadId, created) = await CreateAsync(name, null);
        using (created)
        {
            Assert.Equal(name, Header(created, "x-amz-checksum-algorithm"));
            Assert.Equal("COMPOSITE", Header(created, "x-amz-checksum-type"));
        }

        using var one = await UploadPartAsync(uploadId, 1, First, algorithm.HeaderName(), ChecksumOf(algorithm, First));
        using var two = await UploadPartAsync(uploadId, 2, Second, algorithm.HeaderName(), ChecksumOf(algorithm, Second));
        Assert.Equal(ChecksumOf(algorithm, First), Header(one, algorithm.HeaderName()));
        var result = await CompleteAsync(uploadId, (1, one.Headers.ETag!.Tag), (2, two.Headers.ETag!.Tag));
        using var head = await SendAsync(HttpMethod.Head, "/data/k.bin", configure: r => r.Headers.Add("x-amz-checksum-mode", "ENABLED"));

        var partChecksums = Convert.FromBase64String(ChecksumOf(algorithm, First)).Concat(Convert.FromBase64String(ChecksumOf(algorithm, Second))).ToArray();
        var expected = $"{ChecksumOf(algorithm, partChecksums)}-2";
        Assert.Equal(expected, (string?)result.Element(S3 + algorithm.ElementName()));
        Assert.Equal("COMPOSITE", (string?)result.Element(S3 + "ChecksumType"));
        Assert.Equal(expected, Header(head, algorithm.HeaderName()));
        Assert.Equal("COMPOSITE", Header(head, "x-amz-checksum-type"));
    }

    [Theory]
    [InlineData("CRC32", "FULL_OBJECT")]
    [InlineData("CRC32C", "FULL_OBJECT")]
    [InlineData("CRC64NVME", null)]
    public async Task FullObject_ObjectChecksumIsTheWholeObjectsCrc_AndPartsWithoutOneGetItComputed(string name, string? type)
    {
        var algorithm = ChecksumAlgorithms.FromName(name)!.Value;
        var (uploadId, created) = await CreateAsync(name, type);
        using (created)
        {
            Assert.Equal("FULL_OBJECT", Header(created, "x-amz-checksum-type"));
        }

        using var one = await UploadPartAsync(uploadId, 1, First, algorithm.HeaderName(), ChecksumOf(algorithm, First));
        using var two = await UploadPartAsync(uploadId, 2, Second);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        Assert.Equal(ChecksumOf(algorithm, Second), Header(two, algorithm.HeaderName()));
        var result = await CompleteAsync(uploadId, (1, one.Headers.ETag!.Tag), (2, two.Headers.ETag!.Tag));

        var whole = ChecksumOf(algorithm, First.Concat(Second).ToArray());
        Assert.Equal(whole, (string?)result.Element(S3 + algorithm.ElementName()));
        Assert.Equal("FULL_OBJECT", (string?)result.Element(S3 + "ChecksumType"));
        Assert.Equal(whole, (await Store.HeadAsync("data", "k.bin", CancellationToken.None))!.Checksums[name]);
    }

    [Fact]
    public async Task UploadPart_AnotherAlgorithmOrNoneForAComposite_IsChecksumTypeMismatch()
    {
        var (uploadId, created) = await CreateAsync("SHA256", null);
        created.Dispose();

        using var other = await UploadPartAsync(uploadId, 1, Second, "x-amz-checksum-crc32", ChecksumOf(ChecksumAlgorithm.Crc32, Second));
        using var none = await UploadPartAsync(uploadId, 1, Second);

        var error = await ErrorAsync(other, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal("Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32", (string?)error.Element("Message"));
        error = await ErrorAsync(none, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal("Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: null", (string?)error.Element("Message"));
        Assert.Equal(0, Store.PartWrites);
    }

    [Theory]
    [InlineData("SHA256", "FULL_OBJECT")]
    [InlineData("CRC64NVME", "COMPOSITE")]
    [InlineData("MD4", null)]
    [InlineData("CRC32", "PARTIAL")]
    public async Task Create_AlgorithmAndTypeS3DoesNotCombine_IsInvalidRequest(string algorithm, string? type)
    {
        using var response = await SendAsync(HttpMethod.Post, "/data/k.bin?uploads", configure: r =>
        {
            r.Headers.Add("x-amz-checksum-algorithm", algorithm);
            if (type is not null)
            {
                r.Headers.Add("x-amz-checksum-type", type);
            }
        });

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Empty(Store.Uploads());
    }

    [Fact]
    public async Task Create_TypeWithoutAnAlgorithm_IsInvalidRequest()
    {
        using var response = await SendAsync(HttpMethod.Post, "/data/k.bin?uploads", configure: r => r.Headers.Add("x-amz-checksum-type", "FULL_OBJECT"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task Complete_WithChecksums_PartsMustBeNumberedFrom1WithoutGaps()
    {
        var (uploadId, created) = await CreateAsync("CRC32", "FULL_OBJECT");
        created.Dispose();
        using var one = await UploadPartAsync(uploadId, 1, First);
        using var three = await UploadPartAsync(uploadId, 3, Second);

        using var response = await SendAsync(HttpMethod.Post, $"/data/k.bin?uploadId={uploadId}",
            new StringContent(CompletionXml((1, one.Headers.ETag!.Tag), (3, three.Headers.ETag!.Tag)), Encoding.UTF8, "application/xml"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidPartOrder");
    }

    [Fact]
    public async Task Complete_WholeObjectChecksumHeaderThatDoesNotMatch_IsBadDigest_AndOneThatMatchesIsFine()
    {
        var (uploadId, created) = await CreateAsync("CRC32", "FULL_OBJECT");
        created.Dispose();
        using var one = await UploadPartAsync(uploadId, 1, Second);
        var document = CompletionXml((1, one.Headers.ETag!.Tag));

        using var wrong = await SendAsync(HttpMethod.Post, $"/data/k.bin?uploadId={uploadId}", new StringContent(document, Encoding.UTF8, "application/xml"),
            r => r.Headers.Add("x-amz-checksum-crc32", ChecksumOf(ChecksumAlgorithm.Crc32, First)));
        using var right = await SendAsync(HttpMethod.Post, $"/data/k.bin?uploadId={uploadId}", new StringContent(document, Encoding.UTF8, "application/xml"),
            r => r.Headers.Add("x-amz-checksum-crc32", ChecksumOf(ChecksumAlgorithm.Crc32, Second)));

        await ErrorAsync(wrong, HttpStatusCode.BadRequest, "BadDigest");
        await XmlAsync(right);
    }

    [Fact]
    public async Task Complete_PartChecksumInTheListThatIsNotThePartsOwn_IsInvalidPart()
    {
        var (uploadId, created) = await CreateAsync("SHA256", null);
        created.Dispose();
        using var one = await UploadPartAsync(uploadId, 1, Second, "x-amz-checksum-sha256", ChecksumOf(ChecksumAlgorithm.Sha256, Second));
        var document =
            $"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{one.Headers.ETag!.Tag}</ETag><ChecksumSHA256>{ChecksumOf(ChecksumAlgorithm.Sha256, First)}</ChecksumSHA256></Part></CompleteMultipartUpload>";

        using var response = await SendAsync(HttpMethod.Post, $"/data/k.bin?uploadId={uploadId}", new StringContent(document, Encoding.UTF8, "application/xml"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidPart");
    }

    [Fact]
    public async Task Complete_UploadWithoutAnAlgorithm_PartChecksumTheSdkSentAndListsAgain_IsAccepted()
    {
        // Newer SDKs send x-amz-checksum-crc32 with every part, then list each part's checksum from UploadPart's answer.
        var uploadId = await CreateWithoutAChecksumAsync();
        var crc32 = ChecksumOf(ChecksumAlgorithm.Crc32, Second);
        using var one = await UploadPartAsync(uploadId, 1, Second, "x-amz-checksum-crc32", crc32);
        Assert.Equal(crc32, Header(one, "x-amz-checksum-crc32"));

        using var response = await CompleteWithChecksumAsync(uploadId, one.Headers.ETag!.Tag, "ChecksumCRC32", crc32);

        var result = await XmlAsync(response);
        Assert.Equal(MultipartETagOf(Second), (string?)result.Element(S3 + "ETag"));
        Assert.Empty(Store.Uploads());
    }

    [Fact]
    public async Task Complete_UploadWithoutAnAlgorithm_PartChecksumThatDiffers_IsInvalidPartSayingWhichPartAndWhat()
    {
        var uploadId = await CreateWithoutAChecksumAsync();
        var crc32 = ChecksumOf(ChecksumAlgorithm.Crc32, Second);
        using var one = await UploadPartAsync(uploadId, 1, Second, "x-amz-checksum-crc32", crc32);
        var wrong = ChecksumOf(ChecksumAlgorithm.Crc32, First);
        var sha256 = ChecksumOf(ChecksumAlgorithm.Sha256, Second);

        using var differs = await CompleteWithChecksumAsync(uploadId, one.Headers.ETag!.Tag, "ChecksumCRC32", wrong);
        using var another = await CompleteWithChecksumAsync(uploadId, one.Headers.ETag!.Tag, "ChecksumSHA256", sha256);

        var error = await ErrorAsync(differs, HttpStatusCode.BadRequest, "InvalidPart");
        Assert.Equal("1", (string?)error.Element("PartNumber"));
        Assert.EndsWith($"Part 1 is listed with ChecksumCRC32 {wrong}, but it was uploaded with ChecksumCRC32 {crc32}.", (string?)error.Element("Message"), StringComparison.Ordinal);
        error = await ErrorAsync(another, HttpStatusCode.BadRequest, "InvalidPart");
        Assert.EndsWith($"Part 1 is listed with ChecksumSHA256 {sha256}, but it was uploaded without a SHA256 checksum.", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Single(Store.Uploads());
    }

    [Fact]
    public async Task UploadPartCopy_ForAnUploadWithAChecksum_ComputesThePartsChecksum()
    {
        Store.Seed("data", "source.bin", Second);
        var (uploadId, created) = await CreateAsync("CRC32C", "FULL_OBJECT");
        created.Dispose();

        using var copied = await SendAsync(HttpMethod.Put, $"/data/k.bin?partNumber=1&uploadId={uploadId}", configure: r =>
        {
            r.Headers.Add("x-amz-copy-source", "data/source.bin");
            r.Headers.Add("x-amz-copy-source-range", "bytes=10-99");
        });
        var result = await XmlAsync(copied);

        Assert.Equal(ChecksumOf(ChecksumAlgorithm.Crc32C, Second[10..100]), (string?)result.Element(S3 + "ChecksumCRC32C"));
    }

    [Theory]
    [InlineData("CRC32")]
    [InlineData("CRC32C")]
    [InlineData("CRC64NVME")]
    public void CrcCombination_OfRandomSplits_IsTheCrcOfTheWhole(string name)
    {
        var algorithm = ChecksumAlgorithms.FromName(name)!.Value;
        var random = new Random(42);
        for (var round = 0; round < 50; round++)
        {
            var data = new byte[random.Next(0, 5000)];
            random.NextBytes(data);
            var cuts = Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.Next(0, data.Length + 1)).Append(0).Append(data.Length).Order().ToList();
            var parts = cuts.Zip(cuts.Skip(1)).Select(c => data[c.First..c.Second]).ToList();

            var combined = MultipartChecksums.Of(algorithm, MultipartChecksums.FullObject, parts.Select(p => (ChecksumOf(algorithm, p), (long)p.Length)).ToList());

            Assert.Equal(ChecksumOf(algorithm, data), combined);
        }
    }

    [Fact]
    public void CrcCombination_OfPartsOfGigabytes_IsTheSameWhicheverPairIsJoinedFirst()
    {
        // Parts of 5 GiB are too big to hash in a test, but joining three either way round must agree, as the bytes do.
        const long Five = 5L << 30;
        foreach (var (combination, a, b, c) in new[]
        {
            (CrcCombination.Crc32, 0x12345678UL, 0x9ABCDEF0UL, 0x0F0F0F0FUL),
            (CrcCombination.Crc32C, 0xDEADBEEFUL, 0x00000001UL, 0x80000000UL),
            (CrcCombination.Crc64Nvme, 0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL, 0x8000000000000001UL),
        })
        {
            var left = combination.Combine(combination.Combine(a, b, Five), c, Five + 17);
            var right = combination.Combine(a, combination.Combine(b, c, Five + 17), Five + Five + 17);

            Assert.Equal(left, right);
            Assert.NotEqual(combination.Combine(a, b, Five), combination.Combine(a, b, Five + 1));
        }
    }
}
