using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Tests;

public sealed class PhaseBreakdownTests
{
    private static readonly DateTimeOffset Arrived = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    // Milliseconds since the epoch as a double are good to about 0.0002 ms: comparisons are to 3 decimals.
    private static double Epoch(double msAfterArrival) => (Arrived - DateTimeOffset.UnixEpoch).TotalMilliseconds + msAfterArrival;

    private static PhaseSample Cold(double scale) => new(
        Epoch(-2 * scale),
        Epoch(40 * scale),
        new InvocationPhasesRecord(Arrived, "cold", true, new Dictionary<string, double>
        {
            ["admittedMs"] = 0.1 * scale,
            ["placedMs"] = 0.5 * scale,
            ["sandboxAcquiredMs"] = 3 * scale,
            ["initializedMs"] = 35 * scale,
            ["handlerStartedMs"] = 36 * scale,
            ["answeredMs"] = 41 * scale,
            ["recordedMs"] = 42 * scale,
        }));

    [Fact]
    public void ToHandler_ColdStarts_SplitSendToEnteredIntoMediansThatAddUp()
    {
        // Three samples; the median is the middle one (scale 1).
        var segments = PhaseBreakdown.ToHandler([Cold(0.5), Cold(1), Cold(2)]);

        Assert.Equal(
            [("request → invoker", 2.0), ("admit", 0.1), ("place", 0.4), ("acquire sandbox", 2.5), ("initialise", 32.0), ("hand the event over", 1.0), ("event → handler entered", 4.0)],
            segments.Select(s => (s.Name, Math.Round(s.MedianMs, 3))));
        Assert.Equal(42.0, segments.Sum(s => s.MedianMs), 3);
        Assert.All(segments, s => Assert.Equal(3, s.Samples));
    }

    [Fact]
    public void RoundTrip_AWarmCallWithoutInitialisation_LeavesNothingOutThatItPassed()
    {
        var warm = new PhaseSample(Epoch(-0.2), Epoch(1.5), new InvocationPhasesRecord(Arrived, "warm", false, new Dictionary<string, double>
        {
            ["admittedMs"] = 0.05,
            ["placedMs"] = 0.1,
            ["sandboxAcquiredMs"] = 0.12,
            ["handlerStartedMs"] = 0.2,
            ["answeredMs"] = 0.9,
            ["recordedMs"] = 1.0,
        }));

        var segments = PhaseBreakdown.RoundTrip([warm]);

        Assert.Equal(1.7, segments.Sum(s => s.MedianMs), 3);
        Assert.Equal(0.5, segments.Single(s => s.Name == "store → client").MedianMs, 3);
    }

    [Fact]
    public void StartKinds_CountsEachKindMostFirst()
    {
        var records = new[] { "prewarmed", "cold", "prewarmed", null }.Select(kind => new InvocationPhasesRecord(Arrived, kind, true, new Dictionary<string, double>()));

        Assert.Equal("prewarmed 2, cold 1, unknown 1", PhaseBreakdown.StartKinds(records));
    }
}
