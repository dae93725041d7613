using System.Buffers.Binary;

namespace Kumo.Gateway.S3;

/// <summary>
/// The checksum of a multipart object, from its parts' checksums, in one of S3's two types: <c>COMPOSITE</c>, the
/// checksum of the parts' binary checksums one after another, followed by <c>-{parts}</c> (CRC32, CRC32C, SHA1,
/// SHA256); or <c>FULL_OBJECT</c>, the CRC of the whole object, combined from the parts' CRCs (CRC32, CRC32C,
/// CRC64NVME). Without an explicit type, CRC64NVME is <c>FULL_OBJECT</c> and the others <c>COMPOSITE</c>, as on S3.
/// </summary>
internal static class MultipartChecksums
{
    public const string Composite = "COMPOSITE";
    public const string FullObject = "FULL_OBJECT";

    /// <summary>The type S3 gives an upload of <paramref name="algorithm"/> that names none.</summary>
    public static string DefaultType(ChecksumAlgorithm algorithm) => algorithm == ChecksumAlgorithm.Crc64Nvme ? FullObject : Composite;

    /// <summary>Whether S3 computes a checksum of <paramref name="type"/> with <paramref name="algorithm"/>.</summary>
    public static bool Supports(ChecksumAlgorithm algorithm, string type) => type switch
    {
        FullObject => algorithm is ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C or ChecksumAlgorithm.Crc64Nvme,
        Composite => algorithm != ChecksumAlgorithm.Crc64Nvme,
        _ => false,
    };

    /// <summary>The type of a stored checksum value: a composite one ends in <c>-{parts}</c>, which base64 never holds.</summary>
    public static string TypeOf(string value) => value.Contains('-', StringComparison.Ordinal) ? Composite : FullObject;

    /// <summary>The object's checksum (base64, and <c>-{parts}</c> when composite) from its parts' checksums (base64) and sizes, in order.</summary>
    public static string Of(ChecksumAlgorithm algorithm, string type, IReadOnlyList<(string Checksum, long Size)> parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        if (type == Composite)
        {
            using var checksum = RunningChecksum.For(algorithm);
            foreach (var (value, _) in parts)
            {
                checksum.Append(Convert.FromBase64String(value));
            }

            return $"{Convert.ToBase64String(checksum.Digest())}-{parts.Count}";
        }

        var combination = algorithm switch
        {
            ChecksumAlgorithm.Crc32 => CrcCombination.Crc32,
            ChecksumAlgorithm.Crc32C => CrcCombination.Crc32C,
            ChecksumAlgorithm.Crc64Nvme => CrcCombination.Crc64Nvme,
            _ => throw new ArgumentException($"{algorithm.Name()} has no full-object checksum of a multipart object.", nameof(algorithm)),
        };
        var wide = algorithm == ChecksumAlgorithm.Crc64Nvme;
        ulong crc = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var bytes = Convert.FromBase64String(parts[i].Checksum);
            var part = wide ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
            crc = i == 0 ? part : combination.Combine(crc, part, parts[i].Size);
        }

        var digest = new byte[wide ? 8 : 4];
        if (wide)
        {
            BinaryPrimitives.WriteUInt64BigEndian(digest, crc);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest, (uint)crc);
        }

        return Convert.ToBase64String(digest);
    }
}
