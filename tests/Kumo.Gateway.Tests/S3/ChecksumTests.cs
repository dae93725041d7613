using System.Security.Cryptography;
using Kumo.Gateway.S3;

namespace Kumo.Gateway.Tests.S3;

/// <summary>The checksums S3 clients send, against their catalogue check values ("123456789") and across split appends.</summary>
public sealed class ChecksumTests
{
    private static readonly byte[] Check = "123456789"u8.ToArray();

    [Fact]
    public void Crc32C_CheckValue_IsE3069283()
    {
        var crc = new Crc32C();
        crc.Append(Check);

        Assert.Equal(0xE3069283u, crc.Value);
        Assert.Equal([0xE3, 0x06, 0x92, 0x83], crc.GetCurrentHash());
    }

    [Fact]
    public void Crc64Nvme_CheckValue_IsAE8B14860A799888()
    {
        var crc = new Crc64Nvme();
        crc.Append(Check);

        Assert.Equal(0xAE8B14860A799888ul, crc.Value);
    }

    [Theory]
    [InlineData("CRC32", "y/Q5Jg==")]
    [InlineData("CRC32C", "4waSgw==")]
    [InlineData("CRC64NVME", "rosUhgp5mIg=")]
    public void RunningChecksum_CheckValue_IsBigEndianBase64(string name, string expected)
    {
        using var checksum = RunningChecksum.For(ChecksumAlgorithms.FromName(name)!.Value);
        checksum.Append(Check);

        Assert.Equal(expected, Convert.ToBase64String(checksum.Digest()));
    }

    [Theory]
    [InlineData("CRC32")]
    [InlineData("CRC32C")]
    [InlineData("CRC64NVME")]
    [InlineData("SHA1")]
    [InlineData("SHA256")]
    public void RunningChecksum_SplitAppends_EqualOneAppend(string name)
    {
        var algorithm = ChecksumAlgorithms.FromName(name)!.Value;
        var data = RandomNumberGenerator.GetBytes(100_003);
        using var whole = RunningChecksum.For(algorithm);
        whole.Append(data);
        using var split = RunningChecksum.For(algorithm);
        var at = 0;
        foreach (var size in new[] { 1, 7, 8, 13, 4096, 3, 65_536 })
        {
            split.Append(data.AsSpan(at, size));
            at += size;
        }

        split.Append(data.AsSpan(at));

        var digest = whole.Digest();
        Assert.Equal(digest, split.Digest());
        Assert.Equal(algorithm.Size(), digest.Length);
    }

    [Fact]
    public void RunningChecksum_Sha256_IsSha256()
    {
        using var checksum = RunningChecksum.For(ChecksumAlgorithm.Sha256);
        checksum.Append(Check);

        Assert.Equal(SHA256.HashData(Check), checksum.Digest());
    }

    [Theory]
    [InlineData("CRC32", "x-amz-checksum-crc32", "ChecksumCRC32")]
    [InlineData("crc64nvme", "x-amz-checksum-crc64nvme", "ChecksumCRC64NVME")]
    [InlineData("SHA256", "x-amz-checksum-sha256", "ChecksumSHA256")]
    public void ChecksumAlgorithms_Names_RoundTrip(string name, string header, string element)
    {
        var algorithm = ChecksumAlgorithms.FromName(name)!.Value;
        Assert.Equal(name.ToUpperInvariant(), algorithm.Name());
        Assert.Equal(header, algorithm.HeaderName());
        Assert.Equal(algorithm, ChecksumAlgorithms.FromHeaderName(header.ToUpperInvariant()));
        Assert.Equal(element, algorithm.ElementName());
    }

    [Fact]
    public void ChecksumAlgorithms_UnknownNames_AreNone()
    {
        Assert.Null(ChecksumAlgorithms.FromName("MD5"));
        Assert.Null(ChecksumAlgorithms.FromHeaderName("x-amz-checksum-mode"));
    }
}
