using Kumo.Core.KeepAlive;

namespace Kumo.Core.Tests.KeepAlive;

/// <summary>The idle-time histogram: 1-minute bins over 4 hours, an out-of-bounds counter, percentiles, CV and halving.</summary>
public sealed class IdleTimeHistogramTests
{
    private static IdleTimeHistogram Default(int maxSamples = 2000) => new(TimeSpan.FromMinutes(1), 240, maxSamples);

    [Fact]
    public void Add_ZeroIdleTime_FallsInTheFirstBin()
    {
        var histogram = Default();

        histogram.Add(TimeSpan.Zero);

        Assert.Equal(1, histogram[0]);
        Assert.Equal(1, histogram.InRange);
        Assert.Equal(0, histogram.OutOfBounds);
        Assert.Equal(0, histogram.Percentile(5));
        Assert.Equal(0, histogram.Percentile(99));
    }

    [Theory]
    [InlineData(59.999, 0)]
    [InlineData(60, 1)]
    [InlineData(598, 9)]
    [InlineData(14_399.999, 239)]
    public void BinOf_IdleTimeInRange_IsWholeMinutes(double seconds, int bin)
    {
        Assert.Equal(bin, Default().BinOf(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(4 * 3600)]
    [InlineData(4 * 3600 + 1)]
    [InlineData(24 * 3600)]
    public void Add_IdleTimeOfFourHoursOrMore_IsOutOfBoundsAndInNoBin(double seconds)
    {
        var histogram = Default();

        histogram.Add(TimeSpan.FromSeconds(seconds));

        Assert.Equal(-1, histogram.BinOf(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(1, histogram.OutOfBounds);
        Assert.Equal(0, histogram.InRange);
        Assert.Equal(1.0, histogram.OutOfBoundsShare);
        Assert.Equal(-1, histogram.Percentile(50));
        Assert.Equal(0, histogram.CoefficientOfVariation);
        Assert.Equal(TimeSpan.FromHours(4), histogram.Range);
    }

    [Fact]
    public void Add_NegativeIdleTime_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Default().Add(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Percentile_IsTheFirstBinWhoseCumulativeCountReachesTheShare()
    {
        var histogram = Default();
        // 20 samples: 1 in bin 2, 18 in bin 10, 1 in bin 50.
        histogram.Add(TimeSpan.FromMinutes(2.5));
        for (var i = 0; i < 18; i++)
        {
            histogram.Add(TimeSpan.FromMinutes(10.2));
        }

        histogram.Add(TimeSpan.FromMinutes(50));

        Assert.Equal(2, histogram.Percentile(5));      // 5 % of 20 = 1 sample: reached at bin 2
        Assert.Equal(10, histogram.Percentile(6));     // 1.2 samples: reached at bin 10
        Assert.Equal(10, histogram.Percentile(95));    // 19 samples: reached at bin 10
        Assert.Equal(50, histogram.Percentile(99));    // 19.8 samples: only at bin 50
        Assert.Equal(50, histogram.Percentile(100));
    }

    [Fact]
    public void Percentile_OutOfBoundsSamples_AreNotPartOfIt()
    {
        var histogram = Default();
        histogram.Add(TimeSpan.FromMinutes(3));
        histogram.Add(TimeSpan.FromHours(5));
        histogram.Add(TimeSpan.FromHours(6));

        Assert.Equal(3, histogram.Percentile(99));
        Assert.Equal(2.0 / 3, histogram.OutOfBoundsShare, 9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100.5)]
    public void Percentile_OutsideZeroToHundred_Throws(double percent)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Default().Percentile(percent));
    }

    [Fact]
    public void CoefficientOfVariation_AllInOneBin_IsSquareRootOfBinsMinusOne()
    {
        var histogram = Default();
        for (var i = 0; i < 12; i++)
        {
            histogram.Add(TimeSpan.FromMinutes(9.97));
        }

        // mean m = 12/240; one bin at 12, 239 at 0: stddev = m·√239.
        Assert.Equal(Math.Sqrt(239), histogram.CoefficientOfVariation, 9);
    }

    [Fact]
    public void CoefficientOfVariation_OnePerBinEverywhere_IsZero()
    {
        var histogram = Default();
        for (var bin = 0; bin < 240; bin++)
        {
            histogram.Add(TimeSpan.FromMinutes(bin + 0.5));
        }

        Assert.Equal(0, histogram.CoefficientOfVariation, 9);
    }

    [Fact]
    public void CoefficientOfVariation_HalfTheBinsOnce_IsOne()
    {
        var histogram = Default();
        for (var bin = 0; bin < 240; bin += 2)
        {
            histogram.Add(TimeSpan.FromMinutes(bin));
        }

        // 120 bins at 1, 120 at 0: mean 0.5, stddev 0.5.
        Assert.Equal(1, histogram.CoefficientOfVariation, 9);
    }

    [Fact]
    public void Add_PassingMaxSamples_HalvesEveryCountRoundingDown()
    {
        var histogram = Default(maxSamples: 10);
        for (var i = 0; i < 7; i++)
        {
            histogram.Add(TimeSpan.FromMinutes(4));
        }

        histogram.Add(TimeSpan.FromMinutes(30));
        histogram.Add(TimeSpan.FromHours(5));
        histogram.Add(TimeSpan.FromHours(5));
        Assert.Equal(10, histogram.Samples);

        histogram.Add(TimeSpan.FromHours(9));   // 11 > 10: halve

        Assert.Equal(3, histogram[4]);           // 7 → 3
        Assert.Equal(0, histogram[30]);          // 1 → 0
        Assert.Equal(1, histogram.OutOfBounds);  // 3 → 1
        Assert.Equal(3, histogram.InRange);
        Assert.Equal(4, histogram.Samples);
        Assert.Equal(Math.Sqrt(239), histogram.CoefficientOfVariation, 9);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdleTimeHistogram(TimeSpan.Zero, 240, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdleTimeHistogram(TimeSpan.FromMinutes(1), 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdleTimeHistogram(TimeSpan.FromMinutes(1), 240, 0));
    }
}
