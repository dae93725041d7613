using Kumo.Bench.Simulator.Engine;
using Kumo.Bench.Simulator.Trace;
using Kumo.Core.KeepAlive;

namespace Kumo.Bench.Simulator.Tests;

/// <summary>The replay engine on tiny hand-made traces, against cold starts and idle times counted by hand.</summary>
public sealed class FunctionSimulationTests
{
    /// <summary>Execution times are exactly the average; one invocation per minute arrives at the same second each minute.</summary>
    private static readonly SimulationOptions Exact = new() { DurationSigma = 0, Spread = ArrivalSpread.Even, Seed = 3 };

    private static TraceFunction Function(double durationMs, params (int Minute, int Count)[] counts) =>
        new("o", "a", "f", Trigger.Timer, new MinuteCounts([.. counts.Select(c => c.Minute)], [.. counts.Select(c => c.Count)]), durationMs, MemoryMb: 1024);

    private static FunctionOutcome Run(TraceFunction function, PolicyUnderTest policy, int minutes = 1440) =>
        new FunctionSimulation(function, 0, policy.Settings, Exact, minutes).Run();

    [Fact]
    public void Run_FixedTenMinutes_IsColdWhenTheGapIsLongerAndCountsIdleTime()
    {
        // Arrivals at 0, 5, 20 and 40 minutes (plus the same phase), 1 s each.
        var function = Function(1000, (0, 1), (5, 1), (20, 1), (40, 1));

        var outcome = Run(function, PolicyUnderTest.Fixed(10));

        Assert.Equal(4, outcome.Invocations);
        Assert.Equal(3, outcome.ColdStarts);        // the 5-minute gap is the only warm one
        Assert.Equal(1, outcome.PeakSandboxes);
        // Idle: 4:59 before the warm arrival, then 10 minutes after each of the three last ends.
        Assert.Equal(299 + (3 * 600), outcome.IdleSeconds, 6);
        Assert.Equal(299 + (3 * 600), outcome.IdleGbSeconds, 6);
        Assert.Equal(4, outcome.Decisions[(int)KeepAliveReason.Fixed]);
    }

    [Fact]
    public void Run_FixedTwentyMinutes_KeepsItWarmAcrossTheSameGaps()
    {
        var function = Function(1000, (0, 1), (5, 1), (20, 1), (40, 1));

        var outcome = Run(function, PolicyUnderTest.Fixed(20));

        Assert.Equal(1, outcome.ColdStarts);
        Assert.Equal(299 + 899 + 1199 + 1200, outcome.IdleSeconds, 6);
    }

    [Fact]
    public void Run_HybridOnATimerEveryThirtyMinutes_LearnsThenPreWarmsEveryCall()
    {
        // 48 arrivals on the first day of two, 1 s each: idle times of 29:59, bin 29.
        var function = Function(1000, [.. Enumerable.Range(0, 48).Select(i => (i * 30, 1))]);

        var outcome = Run(function, PolicyUnderTest.Hybrid(), minutes: 2880);

        // Arrivals 0 … 10 are cold: 30-minute gaps outlast the fixed 10 minutes used while fewer than 10 idle times are
        // known. From the end of arrival 10 on, each end unloads at once and pre-warms at +26:06 (29 min · 0.9),
        // 3:53 before the next arrival, which is warm; the last pre-warm stays 6:54 (33 min − 26:06) unused.
        Assert.Equal(48, outcome.Invocations);
        Assert.Equal(11, outcome.ColdStarts);
        Assert.Equal(38, outcome.PreWarms);
        Assert.Equal(37, outcome.PreWarmsUsed);
        Assert.Equal((10 * 600) + (37 * 233) + 414, outcome.IdleSeconds, 6);
        Assert.Equal(10, outcome.Decisions[(int)KeepAliveReason.TooFewSamples]);
        Assert.Equal(38, outcome.Decisions[(int)KeepAliveReason.Histogram]);
    }

    [Fact]
    public void Run_OverlappingInvocations_EachNeedsItsOwnSandbox()
    {
        // Three arrivals 20 s apart, 50 s each, in minute 0 and again in minute 1.
        var function = Function(50_000, (0, 3), (1, 3));

        var outcome = Run(function, PolicyUnderTest.Fixed(10));

        Assert.Equal(6, outcome.Invocations);
        Assert.Equal(3, outcome.ColdStarts);
        Assert.Equal(3, outcome.PeakSandboxes);
        Assert.Equal((3 * 10) + (3 * 600), outcome.IdleSeconds, 3);
    }

    [Fact]
    public void Run_InvocationStillRunningAtTheEnd_CountsNoIdleTimeAfterIt()
    {
        var function = Function(600_000, (1435, 1));

        var outcome = Run(function, PolicyUnderTest.Fixed(10));

        Assert.Equal(1, outcome.ColdStarts);
        Assert.Equal(0, outcome.IdleSeconds);
    }

    [Fact]
    public void Run_NoInvocation_CostsNothing()
    {
        var outcome = Run(Function(100), PolicyUnderTest.Hybrid());

        Assert.Equal((0L, 0L, 0.0, 0), (outcome.Invocations, outcome.ColdStarts, outcome.IdleSeconds, outcome.PeakSandboxes));
    }
}
