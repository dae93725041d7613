using Kumo.Core.KeepAlive;

namespace Kumo.Core.Tests.KeepAlive;

/// <summary>The forecaster of idle times beyond the histogram (the hybrid policy's replacement for ARIMA).</summary>
public sealed class EwmaIdleTimeForecasterTests
{
    [Fact]
    public void Predict_NoObservation_IsNull()
    {
        Assert.Null(new EwmaIdleTimeForecaster().Predict());
    }

    [Fact]
    public void Predict_OneObservation_IsThatIdleTime()
    {
        var forecaster = new EwmaIdleTimeForecaster();

        forecaster.Observe(TimeSpan.FromHours(7));

        Assert.Equal(TimeSpan.FromHours(7), forecaster.Predict());
    }

    [Fact]
    public void Predict_TwoObservations_IsTheWeightedGeometricMean()
    {
        var forecaster = new EwmaIdleTimeForecaster(smoothing: 0.3);

        forecaster.Observe(TimeSpan.FromHours(5));
        forecaster.Observe(TimeSpan.FromHours(10));

        // exp(0.3·ln 10h + 0.7·ln 5h) = 5h · 2^0.3 ≈ 6.1557 h
        var predicted = forecaster.Predict()!.Value;
        Assert.Equal(5 * Math.Pow(2, 0.3), predicted.TotalHours, 6);
    }

    [Fact]
    public void Predict_LastThreeNearlyEqual_IsTheirPlainMean()
    {
        var forecaster = new EwmaIdleTimeForecaster();
        forecaster.Observe(TimeSpan.FromHours(30));   // an old outlier the window has forgotten
        forecaster.Observe(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(3));
        forecaster.Observe(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(2));
        forecaster.Observe(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(2), forecaster.Predict());
        Assert.Equal(4, forecaster.Observations);
    }

    [Fact]
    public void Predict_LastThreeIrregular_IsTheLogSpaceMean()
    {
        var forecaster = new EwmaIdleTimeForecaster(smoothing: 0.5);
        forecaster.Observe(TimeSpan.FromHours(4));
        forecaster.Observe(TimeSpan.FromHours(16));
        forecaster.Observe(TimeSpan.FromHours(4));

        // m = ln 4h, then ½(ln 16h + ln 4h) = ln 8h, then ½(ln 4h + ln 8h) = ln √32 h
        Assert.Equal(Math.Sqrt(32), forecaster.Predict()!.Value.TotalHours, 6);
    }
}
