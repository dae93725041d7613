namespace Kumo.Core.KeepAlive;

/// <summary>Why a keep-alive decision is what it is.</summary>
public enum KeepAliveReason
{
    /// <summary>The fixed policy: keep for the configured idle time.</summary>
    Fixed,

    /// <summary>The hybrid policy has seen fewer idle times than it needs, and keeps for the configured fixed idle time.</summary>
    TooFewSamples,

    /// <summary>
    /// The idle times are spread too evenly over the histogram (a low coefficient of variation) to predict the next one:
    /// keep, without unloading, for the histogram's whole range (or <see cref="HybridHistogramOptions.NotRepresentativeKeepAlive"/>).
    /// </summary>
    NotRepresentative,

    /// <summary>Unload and pre-warm from the histogram's head and tail percentiles.</summary>
    Histogram,

    /// <summary>Most idle times are longer than the histogram's range: pre-warm around the forecast of the next one.</summary>
    OutOfRange,
}
