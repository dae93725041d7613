using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Kumo.Gateway.S3;

/// <summary>A digest computed over bytes as they stream past: MD5 for <c>Content-MD5</c>, SHA-256 for <c>x-amz-content-sha256</c>, or one of S3's checksums.</summary>
internal abstract class RunningChecksum : IDisposable
{
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The digest, as the bytes S3 base64-encodes (CRCs big-endian).</summary>
    public abstract byte[] Digest();

    public virtual void Dispose()
    {
    }

    public static RunningChecksum Md5() => new Incremental(IncrementalHash.CreateHash(HashAlgorithmName.MD5));

    public static RunningChecksum Sha256() => new Incremental(IncrementalHash.CreateHash(HashAlgorithmName.SHA256));

    public static RunningChecksum For(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => new Crc32Checksum(),
        ChecksumAlgorithm.Crc32C => new NonCryptographic(new Crc32C()),
        ChecksumAlgorithm.Crc64Nvme => new NonCryptographic(new Crc64Nvme()),
        ChecksumAlgorithm.Sha1 => new Incremental(IncrementalHash.CreateHash(HashAlgorithmName.SHA1)),
        _ => Sha256(),
    };

    private sealed class Incremental(IncrementalHash hash) : RunningChecksum
    {
        public override void Append(ReadOnlySpan<byte> data) => hash.AppendData(data);

        public override byte[] Digest() => hash.GetHashAndReset();

        public override void Dispose() => hash.Dispose();
    }

    private sealed class NonCryptographic(NonCryptographicHashAlgorithm hash) : RunningChecksum
    {
        public override void Append(ReadOnlySpan<byte> data) => hash.Append(data);

        public override byte[] Digest() => hash.GetHashAndReset();
    }

    /// <summary>System.IO.Hashing's CRC-32 writes its hash little-endian; S3 sends it big-endian.</summary>
    private sealed class Crc32Checksum : RunningChecksum
    {
        private readonly Crc32 _crc = new();

        public override void Append(ReadOnlySpan<byte> data) => _crc.Append(data);

        public override byte[] Digest()
        {
            var digest = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(digest, _crc.GetCurrentHashAsUInt32());
            return digest;
        }
    }
}
