namespace Kumo.Gateway.S3;

/// <summary>
/// The CRC of two byte strings one after the other from the CRCs of each and the length of the second, without the
/// bytes, as zlib's <c>crc32_combine</c> does it: multiplying by x^(8·length) modulo the polynomial, in GF(2). Holds for
/// the reflected CRCs that start from and end with all ones: CRC-32, CRC-32C and CRC-64/NVME, S3's full-object checksums
/// of a multipart object, which are the CRC of the whole object made from its parts' CRCs.
/// </summary>
internal sealed class CrcCombination
{
    public static readonly CrcCombination Crc32 = new(0xEDB88320, 32);
    public static readonly CrcCombination Crc32C = new(0x82F63B78, 32);
    public static readonly CrcCombination Crc64Nvme = new(0x9A6C9329AC4BC9B5, 64);

    private readonly ulong _polynomial;
    private readonly int _width;

    // x^(2^k) modulo the polynomial, k = 0…66: enough for lengths of up to 2^63 bytes (2^66 bits).
    private readonly ulong[] _powers = new ulong[67];

    private CrcCombination(ulong reflectedPolynomial, int width)
    {
        _polynomial = reflectedPolynomial;
        _width = width;
        _powers[0] = 1UL << (width - 2);
        for (var k = 1; k < _powers.Length; k++)
        {
            _powers[k] = Multiply(_powers[k - 1], _powers[k - 1]);
        }
    }

    /// <summary>The CRC of A then B, from the CRC of A, the CRC of B and the length of B in bytes.</summary>
    public ulong Combine(ulong first, ulong second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return Multiply(PowerOfX((ulong)secondLength, 3), first) ^ second;
    }

    /// <summary>a·b modulo the polynomial, reflected (the highest bit is x^0).</summary>
    private ulong Multiply(ulong a, ulong b)
    {
        var bit = 1UL << (_width - 1);
        ulong product = 0;
        while (a != 0)
        {
            if ((a & bit) != 0)
            {
                product ^= b;
                a ^= bit;
            }

            bit >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ _polynomial : b >> 1;
        }

        return product;
    }

    /// <summary>x^(n·2^k) modulo the polynomial.</summary>
    private ulong PowerOfX(ulong n, int k)
    {
        var power = 1UL << (_width - 1);
        while (n != 0)
        {
            if ((n & 1) != 0)
            {
                power = Multiply(_powers[k], power);
            }

            n >>= 1;
            k++;
        }

        return power;
    }
}
