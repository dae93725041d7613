namespace Kumo.Bench.Simulator;

/// <summary>
/// A small pseudo-random generator (xoshiro256**, seeded through SplitMix64) whose sequence depends only on its seed,
/// on every machine and .NET version (System.Random promises neither), so a simulation is repeatable from its seed.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareGaussian = double.NaN;

    /// <summary>A generator for <paramref name="seed"/>; <paramref name="stream"/> picks an independent sequence for the same seed (a function's index, say).</summary>
    public SeededRandom(ulong seed, ulong stream = 0)
    {
        var state = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        var result = BitRotate(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1]: safe to take the logarithm of.</summary>
    public double NextOpenDouble() => ((NextBits() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int NextInt(int min, int max) => min + (int)(NextDouble() * ((long)max - min + 1));

    /// <summary>Standard normal (Box–Muller; each pair of uniforms gives two).</summary>
    public double NextGaussian()
    {
        if (!double.IsNaN(_spareGaussian))
        {
            var spare = _spareGaussian;
            _spareGaussian = double.NaN;
            return spare;
        }

        var radius = Math.Sqrt(-2 * Math.Log(NextOpenDouble()));
        var (sin, cos) = Math.SinCos(2 * Math.PI * NextDouble());
        _spareGaussian = radius * sin;
        return radius * cos;
    }

    /// <summary>Exponential with the given mean.</summary>
    public double NextExponential(double mean) => -mean * Math.Log(NextOpenDouble());

    /// <summary>
    /// Poisson with mean <paramref name="lambda"/>: exact (Knuth) below 30, the normal approximation above, where it is
    /// close and the exact method would be slow.
    /// </summary>
    public int NextPoisson(double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda >= 30)
        {
            return (int)Math.Max(0, Math.Round(lambda + (Math.Sqrt(lambda) * NextGaussian())));
        }

        var limit = Math.Exp(-lambda);
        var product = NextOpenDouble();
        var count = 0;
        while (product > limit)
        {
            product *= NextOpenDouble();
            count++;
        }

        return count;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong BitRotate(ulong value, int bits) => (value << bits) | (value >> (64 - bits));
}
