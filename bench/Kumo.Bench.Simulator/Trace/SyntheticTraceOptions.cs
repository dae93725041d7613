namespace Kumo.Bench.Simulator.Trace;

/// <summary>
/// The shape of a synthetic trace, after what Shahrad et al. (USENIX ATC 2020) report of Azure Functions: daily rates
/// over about 8 orders of magnitude (log10 of invocations per day normal and clipped, fitted so that ≈ 45 % of functions run at most
/// once an hour and ≈ 81 % at most once a minute on average), the paper's trigger mix, regular timers, diurnal and
/// bursty HTTP-like functions, short orchestration chains; execution times and memory log-normal. The defaults are the
/// values of docs/design/cold-starts.md §4.1; they approximate published figures, and the real trace's loader lets
/// anyone check them.
/// </summary>
internal sealed record SyntheticTraceOptions
{
    /// <summary>How many functions.</summary>
    public int Functions { get; init; } = 2000;

    /// <summary>How many days.</summary>
    public int Days { get; init; } = 2;

    /// <summary>The seed: the same seed and options give the same trace.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Mean of log10(invocations per day).</summary>
    public double LogRateMean { get; init; } = 1.60;

    /// <summary>Standard deviation of log10(invocations per day).</summary>
    public double LogRateStdDev { get; init; } = 1.77;

    /// <summary>log10(invocations per day) is raised to this when below (0.3 a day).</summary>
    public double LogRateMin { get; init; } = -0.5;

    /// <summary>log10(invocations per day) is lowered to this when above (about 370 a second).</summary>
    public double LogRateMax { get; init; } = 7.5;

    /// <summary>Shares of the triggers, in the order of <see cref="Trigger"/> (the paper's shares of functions).</summary>
    public IReadOnlyList<double> TriggerShares { get; init; } = [0.55, 0.16, 0.02, 0.15, 0.03, 0.07, 0.02];

    /// <summary>The periods a timer may have, in minutes; each timer takes the one nearest its rate.</summary>
    public IReadOnlyList<int> TimerPeriodsMinutes { get; init; } = [1, 5, 10, 15, 30, 60, 1440];

    /// <summary>Busiest over quietest hour of the day, for functions that are not timers.</summary>
    public double DiurnalPeakToTrough { get; init; } = 2;

    /// <summary>A burst lasts from 1 to this many minutes.</summary>
    public int BurstMaxMinutes { get; init; } = 10;

    /// <summary>During a burst the rate is multiplied by 10 to this.</summary>
    public double BurstMaxMultiplier { get; init; } = 50;

    /// <summary>Mean time between bursts, in minutes (exponential).</summary>
    public double BurstMeanGapMinutes { get; init; } = 270;

    /// <summary>An orchestration chain has from 2 to this many invocations, within the same minute.</summary>
    public int ChainMaxLength { get; init; } = 20;

    /// <summary>Median of the functions' average execution times, in milliseconds.</summary>
    public double DurationMedianMs { get; init; } = 700;

    /// <summary>90th percentile of the functions' average execution times, in milliseconds.</summary>
    public double DurationP90Ms { get; init; } = 10_000;

    /// <summary>Longest average execution time, in milliseconds (Lambda's 15 minutes).</summary>
    public double DurationMaxMs { get; init; } = 900_000;

    /// <summary>Median of the functions' memory, in MB.</summary>
    public double MemoryMedianMb { get; init; } = 170;

    /// <summary>90th percentile of the functions' memory, in MB.</summary>
    public double MemoryP90Mb { get; init; } = 400;
}
