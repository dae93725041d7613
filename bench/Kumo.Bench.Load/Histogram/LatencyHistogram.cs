namespace Kumo.Bench.Load.Histogram;

/// <summary>
/// Latencies in log-linear buckets with 3 significant decimal digits, as HdrHistogram keeps them: values below
/// 2,048 ns are kept exactly; above, each power of two is split into 1,024 equal steps, so a value is known to within
/// 1/1,024 of itself (under 0.1 %). Recording is lock-free and thread-safe; memory is fixed (~260 KB up to an hour).
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketHalfCountMagnitude = 10;
    private const int SubBucketHalfCount = 1 << SubBucketHalfCountMagnitude;
    private const long SubBucketMask = (SubBucketHalfCount << 1) - 1;
    private const int UnitMagnitudeOffset = SubBucketHalfCountMagnitude + 1;

    private readonly long[] _counts;
    private long _total;
    private long _max;
    private long _min = long.MaxValue;
    private double _sum;

    /// <param name="highestNanoseconds">The largest value kept; larger ones are clamped to it. One hour by default.</param>
    public LatencyHistogram(long highestNanoseconds = 3_600_000_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highestNanoseconds, SubBucketMask);
        Highest = highestNanoseconds;
        _counts = new long[IndexOf(highestNanoseconds) + 1];
    }

    public long Highest { get; }

    public long Count => Interlocked.Read(ref _total);

    public double MaxMs => Count == 0 ? double.NaN : Interlocked.Read(ref _max) / 1e6;

    public double MinMs => Count == 0 ? double.NaN : Interlocked.Read(ref _min) / 1e6;

    /// <summary>The mean of the recorded values themselves (not of their buckets).</summary>
    public double MeanMs => Count == 0 ? double.NaN : Volatile.Read(ref _sum) / Count / 1e6;

    public void RecordMs(double milliseconds) => Record((long)Math.Round(Math.Max(0, milliseconds) * 1e6));

    public void Record(long nanoseconds)
    {
        var value = Math.Clamp(nanoseconds, 0, Highest);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        InterlockedMax(ref _max, value);
        InterlockedMin(ref _min, value);
        double seen, sum;
        do
        {
            seen = Volatile.Read(ref _sum);
            sum = seen + value;
        }
        while (Interlocked.CompareExchange(ref _sum, sum, seen) != seen);
    }

    /// <summary>
    /// The value at percentile <paramref name="percentile"/> (0–100) by nearest rank: the smallest recorded value
    /// with at least that share of values at or below it, reported as the highest value its bucket holds (never
    /// above the largest value recorded).
    /// </summary>
    public double PercentileMs(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var index = 0; index < _counts.Length; index++)
        {
            seen += Interlocked.Read(ref _counts[index]);
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(index), Interlocked.Read(ref _max)) / 1e6;
            }
        }

        return MaxMs;
    }

    /// <summary>Adds every value of <paramref name="other"/> to this one.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (var index = 0; index < Math.Min(_counts.Length, other._counts.Length); index++)
        {
            Interlocked.Add(ref _counts[index], Interlocked.Read(ref other._counts[index]));
        }

        Interlocked.Add(ref _total, other.Count);
        InterlockedMax(ref _max, Interlocked.Read(ref other._max));
        InterlockedMin(ref _min, Interlocked.Read(ref other._min));
        _sum += other._sum;
    }

    /// <summary>The bucket of a value: the power of two it falls in, then its step within it.</summary>
    private static int IndexOf(long value)
    {
        var bucket = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask)) - UnitMagnitudeOffset;
        var subBucket = (int)(value >> bucket);
        return ((bucket + 1) << SubBucketHalfCountMagnitude) + subBucket - SubBucketHalfCount;
    }

    private static long HighestEquivalent(int index)
    {
        var bucket = (index >> SubBucketHalfCountMagnitude) - 1;
        var subBucket = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucket < 0)
        {
            subBucket -= SubBucketHalfCount;
            bucket = 0;
        }

        return ((long)subBucket << bucket) + (1L << bucket) - 1;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static void InterlockedMin(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value < seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
