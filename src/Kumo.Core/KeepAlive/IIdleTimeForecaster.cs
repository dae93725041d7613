namespace Kumo.Core.KeepAlive;

/// <summary>
/// Predicts a function's next idle time from its past idle times that were too long for the histogram (the hybrid
/// policy's "out of range" case, for which the paper fits an ARIMA model).
/// </summary>
public interface IIdleTimeForecaster
{
    /// <summary>How many idle times it has seen.</summary>
    int Observations { get; }

    /// <summary>Takes one more idle time into account.</summary>
    /// <param name="idle">An idle time at or beyond the histogram's range.</param>
    void Observe(TimeSpan idle);

    /// <summary>The expected next idle time; null before the first observation.</summary>
    TimeSpan? Predict();
}
