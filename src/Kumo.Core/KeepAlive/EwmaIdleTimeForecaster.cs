namespace Kumo.Core.KeepAlive;

/// <summary>
/// Forecasts long idle times without model fitting: an exponentially weighted mean of their logarithms (median-like,
/// and one outlier moves it little); but when the last few were nearly equal (a daily timer), their plain mean. Its
/// memory is fixed at construction.
/// </summary>
public sealed class EwmaIdleTimeForecaster : IIdleTimeForecaster
{
    private readonly double _smoothing;
    private readonly double _regularCv;
    private readonly long[] _recent;
    private double _logMean;
    private int _next;

    /// <summary>A forecaster with no observation yet.</summary>
    /// <param name="smoothing">The weight of each new idle time in the mean, more than 0 and at most 1.</param>
    /// <param name="regularWindow">How many of the last idle times are checked for regularity; at least 2.</param>
    /// <param name="regularCv">
    /// Below this coefficient of variation the last <paramref name="regularWindow"/> idle times count as regular, and
    /// their mean is the forecast.
    /// </param>
    public EwmaIdleTimeForecaster(double smoothing = 0.3, int regularWindow = 3, double regularCv = 0.1)
    {
        if (!(smoothing is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "the smoothing is more than 0 and at most 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(regularWindow, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(regularCv);
        _smoothing = smoothing;
        _regularCv = regularCv;
        _recent = new long[regularWindow];
    }

    /// <inheritdoc />
    public int Observations { get; private set; }

    /// <inheritdoc />
    public void Observe(TimeSpan idle)
    {
        // A zero idle time has no logarithm; one tick is as good as zero for a forecast of hours.
        var ticks = Math.Max(1, idle.Ticks);
        var log = Math.Log(ticks);
        _logMean = Observations == 0 ? log : (_smoothing * log) + ((1 - _smoothing) * _logMean);
        _recent[_next] = ticks;
        _next = (_next + 1) % _recent.Length;
        Observations++;
    }

    /// <inheritdoc />
    public TimeSpan? Predict()
    {
        if (Observations == 0)
        {
            return null;
        }

        if (Observations >= _recent.Length)
        {
            double sum = 0;
            foreach (var ticks in _recent)
            {
                sum += ticks;
            }

            var mean = sum / _recent.Length;
            double squares = 0;
            foreach (var ticks in _recent)
            {
                squares += (ticks - mean) * (ticks - mean);
            }

            if (Math.Sqrt(squares / _recent.Length) / mean < _regularCv)
            {
                return TimeSpan.FromTicks((long)Math.Round(mean));
            }
        }

        return TimeSpan.FromTicks((long)Math.Round(Math.Exp(_logMean)));
    }
}
