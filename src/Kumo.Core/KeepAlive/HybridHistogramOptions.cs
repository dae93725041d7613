using System.Globalization;

namespace Kumo.Core.KeepAlive;

/// <summary>
/// The hybrid histogram policy's parameters, with the defaults of Shahrad et al. (USENIX ATC 2020): 1-minute bins over
/// 4 hours, the 5th and 99th percentiles with 10 % margins, at least 10 samples and a coefficient of variation of 2.
/// </summary>
public sealed record HybridHistogramOptions
{
    /// <summary>The width of one histogram bin.</summary>
    public TimeSpan BinWidth { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest idle time the histogram holds; a whole number of bins. Longer idle times are out of bounds.</summary>
    public TimeSpan Range { get; init; } = TimeSpan.FromHours(4);

    /// <summary>The percentile of idle times before which no sandbox is needed (the head): the pre-warm time.</summary>
    public double HeadPercentile { get; init; } = 5;

    /// <summary>The percentile of idle times after which a sandbox is no longer kept (the tail).</summary>
    public double TailPercentile { get; init; } = 99;

    /// <summary>The pre-warm comes this share earlier than the head, from 0 to 1 (0.10: 10 % earlier).</summary>
    public double PreWarmMargin { get; init; } = 0.10;

    /// <summary>The sandbox is kept this share longer than the end of the tail bin, 0 or more.</summary>
    public double KeepAliveMargin { get; init; } = 0.10;

    /// <summary>Below this many idle times the policy keeps sandboxes for the fixed idle time instead.</summary>
    public int MinSamples { get; init; } = 10;

    /// <summary>Below this coefficient of variation of the bin counts the histogram is not trusted.</summary>
    public double CvThreshold { get; init; } = 2;

    /// <summary>When the histogram holds more idle times than this, every count is halved.</summary>
    public int MaxSamples { get; init; } = 2000;

    /// <summary>From this share of out-of-bounds idle times on (0 to 1), the next idle time is forecast instead.</summary>
    public double OutOfBoundsThreshold { get; init; } = 0.5;

    /// <summary>A forecast idle time is pre-warmed this share before it and kept as long again after it, from 0 to 1.</summary>
    public double OutOfBoundsMargin { get; init; } = 0.15;

    /// <summary>
    /// How long to keep a sandbox when the histogram is not representative; null for the whole <see cref="Range"/>, the
    /// paper's conservative choice.
    /// </summary>
    public TimeSpan? NotRepresentativeKeepAlive { get; init; }

    /// <summary>How many bins the histogram has.</summary>
    public int BinCount => BinWidth > TimeSpan.Zero ? (int)Math.Min(int.MaxValue, Range.Ticks / BinWidth.Ticks) : 0;

    /// <summary>Every problem with these parameters, each naming the parameter and what is allowed; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BinWidth <= TimeSpan.Zero)
        {
            problems.Add($"Hybrid.BinWidth is {BinWidth}: use a width of more than zero, such as 00:01:00");
        }
        else if (Range < BinWidth || Range.Ticks % BinWidth.Ticks != 0 || Range.Ticks / BinWidth.Ticks > 100_000)
        {
            problems.Add($"Hybrid.Range is {Range}: use a whole number of bins of {BinWidth}, from 1 to 100,000 bins, such as 04:00:00");
        }

        if (!(HeadPercentile is > 0 and <= 100) || !(TailPercentile is > 0 and <= 100) || HeadPercentile > TailPercentile)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Hybrid.HeadPercentile is {HeadPercentile} and Hybrid.TailPercentile is {TailPercentile}: use percentiles of more than 0 and at most 100, the head at most the tail, such as 5 and 99"));
        }

        if (!(PreWarmMargin is >= 0 and <= 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Hybrid.PreWarmMargin is {PreWarmMargin}: use a share from 0 to 1, such as 0.1"));
        }

        if (!(KeepAliveMargin is >= 0 and <= 10))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Hybrid.KeepAliveMargin is {KeepAliveMargin}: use a share from 0 to 10, such as 0.1"));
        }

        if (MinSamples < 0)
        {
            problems.Add($"Hybrid.MinSamples is {MinSamples}: use 0 or more, such as 10");
        }

        if (!(CvThreshold >= 0))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Hybrid.CvThreshold is {CvThreshold}: use 0 or more, such as 2"));
        }

        if (MaxSamples < 1 || MaxSamples < MinSamples)
        {
            problems.Add($"Hybrid.MaxSamples is {MaxSamples}: use at least 1 and at least Hybrid.MinSamples ({MinSamples}), such as 2000");
        }

        if (!(OutOfBoundsThreshold is >= 0 and <= 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Hybrid.OutOfBoundsThreshold is {OutOfBoundsThreshold}: use a share from 0 to 1, such as 0.5"));
        }

        if (!(OutOfBoundsMargin is >= 0 and < 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Hybrid.OutOfBoundsMargin is {OutOfBoundsMargin}: use a share from 0 to less than 1, such as 0.15"));
        }

        if (NotRepresentativeKeepAlive is { } keep && keep <= TimeSpan.Zero)
        {
            problems.Add($"Hybrid.NotRepresentativeKeepAlive is {keep}: use more than zero, or leave it unset for the whole range");
        }

        return problems;
    }
}
