using Kumo.Bench.Load.Histogram;

namespace Kumo.Bench.Load.Tests;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

    /// <summary>Seeded log-normal latencies from about 10 µs to a few seconds, in nanoseconds: the shape real latencies have.</summary>
    private static long[] Seeded(int seed, int count)
    {
        var random = new Random(seed);
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = (long)Math.Exp(Math.Log(500_000) + (2 * normal));
        }

        return values;
    }

    /// <summary>The exact nearest-rank percentile: the smallest value with at least that share of values at or below it.</summary>
    private static long Exact(long[] sorted, double percentile) => sorted[Math.Max(1, (int)Math.Ceiling(percentile / 100 * sorted.Length)) - 1];

    [Theory]
    [InlineData(1, 100_000)]
    [InlineData(7, 10_000)]
    [InlineData(42, 1_001)]
    public void PercentileMs_SeededData_IsTheExactValueToThreeSignificantDigits(int seed, int count)
    {
        var values = Seeded(seed, count);
        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        var sorted = values.Order().ToArray();
        foreach (var percentile in Percentiles)
        {
            var exact = Exact(sorted, percentile) / 1e6;
            var reported = histogram.PercentileMs(percentile);
            // Reported as the highest value of the exact value's bucket: never below it, above it by under 1/1024.
            Assert.InRange(reported, exact, (exact * (1 + (1.0 / 1024))) + 1e-6);
        }
    }

    [Fact]
    public void PercentileMs_ValuesBelow2048Nanoseconds_AreExact()
    {
        var histogram = new LatencyHistogram();
        var values = Enumerable.Range(0, 2048).Select(v => (long)v).ToArray();
        foreach (var value in values.Reverse())
        {
            histogram.Record(value);
        }

        foreach (var percentile in Percentiles)
        {
            Assert.Equal(Exact(values, percentile) / 1e6, histogram.PercentileMs(percentile), 12);
        }
    }

    [Fact]
    public void Record_SeededData_CountMinMaxAndMeanAreExact()
    {
        var values = Seeded(3, 50_000);
        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values.Min() / 1e6, histogram.MinMs, 12);
        Assert.Equal(values.Max() / 1e6, histogram.MaxMs, 12);
        Assert.Equal(values.Average() / 1e6, histogram.MeanMs, 6);
        Assert.Equal(values.Max() / 1e6, histogram.PercentileMs(100), 12);
    }

    [Fact]
    public void Add_TwoHalves_GiveTheSamePercentilesAsOneHistogramOfAll()
    {
        var values = Seeded(11, 20_000);
        var whole = new LatencyHistogram();
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Record(values[i]);
            (i % 2 == 0 ? first : second).Record(values[i]);
        }

        first.Add(second);

        Assert.Equal(whole.Count, first.Count);
        Assert.Equal(whole.MinMs, first.MinMs);
        Assert.Equal(whole.MaxMs, first.MaxMs);
        Assert.All(Percentiles, p => Assert.Equal(whole.PercentileMs(p), first.PercentileMs(p)));
    }

    [Fact]
    public async Task Record_FromManyThreadsAtOnce_LosesNothing()
    {
        var histogram = new LatencyHistogram();
        var values = Seeded(5, 40_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = worker; i < values.Length; i += 8)
            {
                histogram.Record(values[i]);
            }
        })));

        var sorted = values.Order().ToArray();
        Assert.Equal(values.Length, histogram.Count);
        Assert.InRange(histogram.PercentileMs(50), Exact(sorted, 50) / 1e6, Exact(sorted, 50) / 1e6 * (1 + (1.0 / 1024)));
    }

    [Fact]
    public void Record_AboveTheHighestValue_IsClampedToIt()
    {
        var histogram = new LatencyHistogram(highestNanoseconds: 1_000_000);

        histogram.Record(5_000_000);
        histogram.Record(-3);

        Assert.Equal(1.0, histogram.MaxMs);
        Assert.Equal(0.0, histogram.MinMs);
        Assert.Equal(1.0, histogram.PercentileMs(100));
    }

    [Fact]
    public void PercentileMs_NothingRecorded_IsNaN()
    {
        var histogram = new LatencyHistogram();

        Assert.True(double.IsNaN(histogram.PercentileMs(50)));
        Assert.True(double.IsNaN(histogram.MaxMs));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    public void PercentileMs_OutsideZeroToHundred_Throws(double percentile)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1_000);

        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.PercentileMs(percentile));
    }
}
