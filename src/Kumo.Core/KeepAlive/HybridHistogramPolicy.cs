namespace Kumo.Core.KeepAlive;

/// <summary>
/// The hybrid histogram policy (Shahrad et al., "Serverless in the Wild", USENIX ATC 2020), per function. In order:
/// <list type="number">
/// <item>fewer idle times than <see cref="HybridHistogramOptions.MinSamples"/>: keep for the fixed idle time;</item>
/// <item>out-of-bounds idle times at least <see cref="HybridHistogramOptions.OutOfBoundsThreshold"/> of them: forecast the
/// next idle time p, unload at once, pre-warm at p·(1 − m) and keep until p·(1 + m), m the out-of-bounds margin;</item>
/// <item>the bin counts' coefficient of variation below <see cref="HybridHistogramOptions.CvThreshold"/> (idle times too
/// spread out to predict): keep without unloading for the histogram's range (or
/// <see cref="HybridHistogramOptions.NotRepresentativeKeepAlive"/>);</item>
/// <item>otherwise, with the head and tail percentile bins h and t of width w: pre-warm at h·w·(1 − pre-warm margin)
/// (none when h is 0, and the sandbox is simply kept) and keep the sandbox until (t + 1)·w·(1 + keep-alive margin).</item>
/// </list>
/// The out-of-bounds check comes before the coefficient of variation, as in the paper: a daily timer's idle times are
/// all out of bounds, which leaves every bin empty and the coefficient 0. The forecaster replaces the paper's ARIMA
/// model. Reads no clock and allocates nothing.
/// </summary>
public sealed class HybridHistogramPolicy : IKeepAlivePolicy
{
    private readonly HybridHistogramOptions _options;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _notRepresentativeKeepAlive;

    /// <summary>A policy with the given parameters.</summary>
    /// <param name="options">The histogram's parameters.</param>
    /// <param name="idleTimeout">How long to keep sandboxes while there are too few samples.</param>
    /// <exception cref="ArgumentException">The parameters cannot be used; the message lists every problem.</exception>
    public HybridHistogramPolicy(HybridHistogramOptions options, TimeSpan idleTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        new KeepAliveSettings { Policy = KeepAlivePolicyKind.Hybrid, IdleTimeout = idleTimeout, Hybrid = options }.ThrowIfInvalid();
        _options = options;
        _idleTimeout = idleTimeout;
        _notRepresentativeKeepAlive = options.NotRepresentativeKeepAlive ?? options.Range;
    }

    /// <inheritdoc />
    public KeepAlivePolicyKind Kind => KeepAlivePolicyKind.Hybrid;

    /// <summary>The histogram's parameters.</summary>
    public HybridHistogramOptions Options => _options;

    /// <inheritdoc />
    public KeepAliveDecision Decide(FunctionKeepAlive function, DateTimeOffset endedAt)
    {
        ArgumentNullException.ThrowIfNull(function);
        var histogram = function.Histogram;
        if (histogram.Samples < _options.MinSamples)
        {
            return new(endedAt, TimeSpan.Zero, _idleTimeout, KeepAliveReason.TooFewSamples);
        }

        if (histogram.OutOfBounds > 0 && histogram.OutOfBoundsShare >= _options.OutOfBoundsThreshold
            && function.Forecaster.Predict() is { } next)
        {
            return new(endedAt, Scale(next, 1 - _options.OutOfBoundsMargin), Scale(next, 2 * _options.OutOfBoundsMargin), KeepAliveReason.OutOfRange);
        }

        if (histogram.InRange == 0 || histogram.CoefficientOfVariation < _options.CvThreshold)
        {
            return new(endedAt, TimeSpan.Zero, _notRepresentativeKeepAlive, KeepAliveReason.NotRepresentative);
        }

        var head = histogram.Percentile(_options.HeadPercentile);
        var tail = histogram.Percentile(_options.TailPercentile);
        var preWarm = head == 0 ? TimeSpan.Zero : Scale(histogram.BinWidth * head, 1 - _options.PreWarmMargin);
        var windowEnd = Scale(histogram.BinWidth * (tail + 1), 1 + _options.KeepAliveMargin);
        return new(endedAt, preWarm, windowEnd - preWarm, KeepAliveReason.Histogram);
    }

    private static TimeSpan Scale(TimeSpan time, double factor) => TimeSpan.FromTicks((long)Math.Round(time.Ticks * factor));
}
