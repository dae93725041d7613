using System.Buffers.Binary;
using System.IO.Hashing;

namespace Kumo.Gateway.S3;

/// <summary>
/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), S3's <c>CRC64NVME</c> checksum, which current AWS SDKs
/// and the aws CLI may send. System.IO.Hashing's <c>Crc64</c> is the ECMA-182 CRC, a different one. Table-driven,
/// eight bytes a step; the hash is written big-endian, as S3 sends it.
/// </summary>
internal sealed class Crc64Nvme() : NonCryptographicHashAlgorithm(sizeof(ulong))
{
    private const ulong Polynomial = 0x9A6C9329AC4BC9B5;
    private static readonly ulong[][] Tables = BuildTables();
    private ulong _crc = ulong.MaxValue;

    /// <summary>The CRC of everything appended so far.</summary>
    public ulong Value => ~_crc;

    public override void Append(ReadOnlySpan<byte> source)
    {
        var crc = _crc;
        var t = Tables;
        while (source.Length >= 8)
        {
            crc ^= BinaryPrimitives.ReadUInt64LittleEndian(source);
            crc = t[7][crc & 0xFF] ^ t[6][(crc >> 8) & 0xFF] ^ t[5][(crc >> 16) & 0xFF] ^ t[4][(crc >> 24) & 0xFF]
                ^ t[3][(crc >> 32) & 0xFF] ^ t[2][(crc >> 40) & 0xFF] ^ t[1][(crc >> 48) & 0xFF] ^ t[0][crc >> 56];
            source = source[8..];
        }

        foreach (var b in source)
        {
            crc = t[0][(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    public override void Reset() => _crc = ulong.MaxValue;

    protected override void GetCurrentHashCore(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    private static ulong[][] BuildTables()
    {
        var tables = new ulong[8][];
        tables[0] = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ulong)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }

            tables[0][i] = crc;
        }

        for (var k = 1; k < 8; k++)
        {
            tables[k] = new ulong[256];
            for (var i = 0; i < 256; i++)
            {
                var previous = tables[k - 1][i];
                tables[k][i] = tables[0][previous & 0xFF] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
