using Kumo.Bench.Load.Histogram;

namespace Kumo.Bench.Load.Load;

/// <summary>What a load run measured: latencies, how many requests completed in the measured window, and failures.</summary>
internal sealed record LoadResult(LatencyHistogram Latencies, long Completed, TimeSpan Window, long Errors, string? FirstError)
{
    /// <summary>Every request answered, the warm-up's included.</summary>
    public long TotalCompleted { get; init; } = Completed;

    public double RequestsPerSecond => Completed / Window.TotalSeconds;
}
