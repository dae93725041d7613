namespace Kumo.Core.KeepAlive;

/// <summary>
/// How often each idle time occurred for one function: fixed-width bins (1 minute by default) over a range (4 hours by
/// default), and one counter for the idle times at or beyond the range ("out of bounds"). Once the samples pass a
/// maximum, every count is halved, so the histogram follows a function whose pattern changes. Its memory is fixed at
/// construction: adding a sample allocates nothing.
/// </summary>
public sealed class IdleTimeHistogram
{
    private readonly int[] _bins;
    private long _sumOfSquares;

    /// <summary>An empty histogram.</summary>
    /// <param name="binWidth">The width of one bin; more than zero.</param>
    /// <param name="binCount">How many bins; the range is <paramref name="binWidth"/> × <paramref name="binCount"/>.</param>
    /// <param name="maxSamples">When the samples pass this many, every count is halved.</param>
    public IdleTimeHistogram(TimeSpan binWidth, int binCount, int maxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(binWidth, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        BinWidth = binWidth;
        MaxSamples = maxSamples;
        _bins = new int[binCount];
    }

    /// <summary>The width of one bin.</summary>
    public TimeSpan BinWidth { get; }

    /// <summary>How many bins there are.</summary>
    public int BinCount => _bins.Length;

    /// <summary>The longest idle time a bin holds: idle times at or beyond it are out of bounds.</summary>
    public TimeSpan Range => BinWidth * _bins.Length;

    /// <summary>When the samples pass this many, every count is halved.</summary>
    public int MaxSamples { get; }

    /// <summary>How many idle times are in the bins.</summary>
    public int InRange { get; private set; }

    /// <summary>How many idle times were at or beyond <see cref="Range"/>.</summary>
    public int OutOfBounds { get; private set; }

    /// <summary>Every idle time counted: in the bins and out of bounds.</summary>
    public int Samples => InRange + OutOfBounds;

    /// <summary>The share of the samples that were out of bounds, from 0 to 1; 0 with no samples.</summary>
    public double OutOfBoundsShare => Samples == 0 ? 0 : (double)OutOfBounds / Samples;

    /// <summary>The count in one bin.</summary>
    /// <param name="bin">From 0 to <see cref="BinCount"/> − 1.</param>
    public int this[int bin] => _bins[bin];

    /// <summary>
    /// The coefficient of variation of the bin counts (their standard deviation over their mean, over every bin, empty
    /// ones included): high when the idle times fall in a few bins, low when they are spread out; 0 with no sample in range.
    /// </summary>
    public double CoefficientOfVariation
    {
        get
        {
            if (InRange == 0)
            {
                return 0;
            }

            double count = _bins.Length;
            var mean = InRange / count;
            var variance = Math.Max(0, (_sumOfSquares / count) - (mean * mean));
            return Math.Sqrt(variance) / mean;
        }
    }

    /// <summary>The bin an idle time falls in; -1 when it is out of bounds.</summary>
    /// <param name="idle">Zero or more.</param>
    public int BinOf(TimeSpan idle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(idle, TimeSpan.Zero);
        var bin = idle.Ticks / BinWidth.Ticks;
        return bin < _bins.Length ? (int)bin : -1;
    }

    /// <summary>Counts one idle time, then halves every count when the samples pass <see cref="MaxSamples"/>.</summary>
    /// <param name="idle">Zero or more.</param>
    public void Add(TimeSpan idle)
    {
        var bin = BinOf(idle);
        if (bin < 0)
        {
            OutOfBounds++;
        }
        else
        {
            var count = _bins[bin];
            _sumOfSquares += (2L * count) + 1;
            _bins[bin] = count + 1;
            InRange++;
        }

        if (Samples > MaxSamples)
        {
            Halve();
        }
    }

    /// <summary>
    /// The first bin at which the cumulative count reaches <paramref name="percent"/> % of the samples in range;
    /// -1 with no sample in range. Out-of-bounds samples are not part of it.
    /// </summary>
    /// <param name="percent">More than 0, at most 100.</param>
    public int Percentile(double percent)
    {
        if (!(percent is > 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentile is more than 0 and at most 100");
        }

        if (InRange == 0)
        {
            return -1;
        }

        var needed = percent * InRange;
        long cumulative = 0;
        for (var bin = 0; bin < _bins.Length; bin++)
        {
            cumulative += _bins[bin];
            if (cumulative * 100.0 >= needed)
            {
                return bin;
            }
        }

        return _bins.Length - 1;
    }

    /// <summary>Halves every count, rounding down, so that older idle times weigh half as much as newer ones.</summary>
    public void Halve()
    {
        InRange = 0;
        _sumOfSquares = 0;
        for (var bin = 0; bin < _bins.Length; bin++)
        {
            var count = _bins[bin] / 2;
            _bins[bin] = count;
            InRange += count;
            _sumOfSquares += (long)count * count;
        }

        OutOfBounds /= 2;
    }
}
