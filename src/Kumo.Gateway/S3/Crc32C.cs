using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Kumo.Gateway.S3;

/// <summary>
/// CRC-32C (Castagnoli), S3's <c>CRC32C</c> checksum. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the
/// processor's CRC32 instruction where there is one (SSE 4.2, ARMv8) and a table otherwise. The hash is written
/// big-endian, as S3 sends it (base64 of four bytes).
/// </summary>
internal sealed class Crc32C() : NonCryptographicHashAlgorithm(sizeof(uint))
{
    private uint _crc = uint.MaxValue;

    /// <summary>The CRC of everything appended so far.</summary>
    public uint Value => ~_crc;

    public override void Append(ReadOnlySpan<byte> source)
    {
        var crc = _crc;
        var words = MemoryMarshal.Cast<byte, ulong>(source);
        foreach (var word in words)
        {
            // The instruction takes the eight bytes in memory order, which on a big-endian machine is not the word's value.
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (var b in source[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        _crc = crc;
    }

    public override void Reset() => _crc = uint.MaxValue;

    protected override void GetCurrentHashCore(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);
}
