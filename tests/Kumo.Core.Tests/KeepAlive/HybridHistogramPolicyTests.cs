using Kumo.Core.KeepAlive;

namespace Kumo.Core.Tests.KeepAlive;

/// <summary>
/// The hybrid histogram policy's decisions on scripted invocation times (the times are passed in, as a fake clock),
/// against unload and pre-warm times computed by hand from docs/design/cold-starts.md §3.1.
/// </summary>
public sealed class HybridHistogramPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static FunctionKeepAlive Hybrid(HybridHistogramOptions? options = null) =>
        new(new KeepAliveSettings { Policy = KeepAlivePolicyKind.Hybrid, Hybrid = options ?? new() });

    /// <summary>Runs invocations arriving at <paramref name="arrivals"/>, each lasting <paramref name="duration"/>, one after the other; returns the last decision.</summary>
    private static KeepAliveDecision Run(FunctionKeepAlive function, IEnumerable<TimeSpan> arrivals, TimeSpan duration)
    {
        KeepAliveDecision last = default;
        foreach (var arrival in arrivals)
        {
            function.OnArrival(T0 + arrival);
            last = function.OnCompletion(T0 + arrival + duration);
        }

        return last;
    }

    private static IEnumerable<TimeSpan> Every(TimeSpan period, int count) =>
        Enumerable.Range(0, count).Select(i => period * i);

    [Fact]
    public void Decide_FirstInvocations_KeepForTheFixedIdleTime()
    {
        var function = Hybrid();

        // 10 arrivals give 9 idle times, one fewer than MinSamples.
        var decision = Run(function, Every(TimeSpan.FromMinutes(10), 10), TimeSpan.FromSeconds(2));

        Assert.Equal(9, function.Histogram.Samples);
        Assert.Equal(KeepAliveReason.TooFewSamples, decision.Reason);
        Assert.False(decision.PreWarms);
        Assert.Null(decision.PreWarmAt);
        Assert.Equal(T0 + new TimeSpan(1, 40, 2), decision.UnloadAt);   // end 01:30:02 + 10 min
    }

    [Fact]
    public void Decide_TimerEveryTenMinutes_UnloadsAtOncePreWarmsAt8Point1AndKeeps2Point9Minutes()
    {
        var function = Hybrid();

        // 11 arrivals, 00:00 … 01:40, 2 s each: 10 idle times of 9 min 58 s, all in bin 9.
        var decision = Run(function, Every(TimeSpan.FromMinutes(10), 11), TimeSpan.FromSeconds(2));

        Assert.Equal(KeepAliveReason.Histogram, decision.Reason);
        Assert.Equal(T0 + new TimeSpan(1, 40, 2), decision.EndedAt);
        Assert.Equal(T0 + new TimeSpan(1, 40, 2), decision.UnloadAt);                 // unloaded at once
        Assert.Equal(TimeSpan.FromMinutes(8.1), decision.PreWarm);                    // 9 min · 0.9
        Assert.Equal(T0 + new TimeSpan(1, 48, 8), decision.PreWarmAt);
        Assert.Equal(TimeSpan.FromMinutes(2.9), decision.KeepAlive);                  // 10 min · 1.1 − 8.1 min
        Assert.Equal(T0 + new TimeSpan(1, 51, 2), decision.WarmUntil);
        // The next arrival, at 01:50:00, falls in the window.
        Assert.InRange(T0 + new TimeSpan(1, 50, 0), decision.PreWarmAt!.Value, decision.WarmUntil);
    }

    [Fact]
    public void Decide_TimerEveryThirtyMinutes_PreWarmsJustBeforeEachCallAndUnloadsRightAfter()
    {
        var function = Hybrid();
        var duration = TimeSpan.FromSeconds(5);

        // Idle times of 29 min 55 s: bin 29.
        var decision = Run(function, Every(TimeSpan.FromMinutes(30), 12), duration);
        var end = T0 + (TimeSpan.FromMinutes(30) * 11) + duration;   // 05:30:05

        Assert.Equal(KeepAliveReason.Histogram, decision.Reason);
        Assert.Equal(end, decision.UnloadAt);
        Assert.Equal(end + new TimeSpan(0, 26, 6), decision.PreWarmAt);   // 29 min · 0.9 = 26 min 6 s → 05:56:11
        Assert.Equal(end + TimeSpan.FromMinutes(33), decision.WarmUntil); // 30 min · 1.1 → 06:03:05
        Assert.InRange(T0 + TimeSpan.FromHours(6), decision.PreWarmAt!.Value, decision.WarmUntil);
    }

    [Fact]
    public void Decide_FrequentFunction_KeepsTheSandboxWarmWithoutUnloading()
    {
        var function = Hybrid();

        // Every 20 s, 1 s each: idle times of 19 s, bin 0.
        var decision = Run(function, Every(TimeSpan.FromSeconds(20), 40), TimeSpan.FromSeconds(1));
        var end = T0 + (TimeSpan.FromSeconds(20) * 39) + TimeSpan.FromSeconds(1);

        Assert.Equal(KeepAliveReason.Histogram, decision.Reason);
        Assert.False(decision.PreWarms);
        Assert.Null(decision.PreWarmAt);
        Assert.Equal(end + TimeSpan.FromSeconds(66), decision.UnloadAt);   // (0 + 1) min · 1.1
        Assert.True(end + TimeSpan.FromSeconds(19) < decision.UnloadAt);
    }

    [Fact]
    public void Decide_ScatteredIdleTimes_FallsBackToKeepingForTheWholeRange()
    {
        var function = Hybrid();
        var at = TimeSpan.Zero;
        var arrivals = new List<TimeSpan> { at };
        // 120 idle times in 120 different bins (1, 3, 5 … 239 minutes, shuffled): CV = √(240/120 − 1) = 1 < 2.
        foreach (var bin in Enumerable.Range(0, 120).Select(i => (i * 67 % 120 * 2) + 1))
        {
            at += TimeSpan.FromMinutes(bin) + TimeSpan.FromSeconds(31);
            arrivals.Add(at);
        }

        var decision = Run(function, arrivals, TimeSpan.FromSeconds(1));

        Assert.Equal(1, function.Histogram.CoefficientOfVariation, 9);
        Assert.Equal(KeepAliveReason.NotRepresentative, decision.Reason);
        Assert.False(decision.PreWarms);
        Assert.Equal(decision.EndedAt + TimeSpan.FromHours(4), decision.UnloadAt);
    }

    [Fact]
    public void Decide_ScatteredIdleTimesWithAFallbackSet_KeepsForThatTime()
    {
        var function = Hybrid(new HybridHistogramOptions { MinSamples = 3, CvThreshold = 20, NotRepresentativeKeepAlive = TimeSpan.FromMinutes(15) });

        var decision = Run(function, [TimeSpan.Zero, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(140)], TimeSpan.Zero);

        Assert.Equal(KeepAliveReason.NotRepresentative, decision.Reason);
        Assert.Equal(T0 + TimeSpan.FromMinutes(155), decision.UnloadAt);
    }

    [Fact]
    public void Decide_DailyTimer_IsOutOfRangeAndPreWarmsAroundTheForecast()
    {
        var function = Hybrid();
        var duration = TimeSpan.FromSeconds(2);

        // 11 days: 10 idle times of 23:59:58, all beyond the 4-hour range; the last three are equal.
        var decision = Run(function, Every(TimeSpan.FromDays(1), 11), duration);
        var end = T0 + TimeSpan.FromDays(10) + duration;

        Assert.Equal(10, function.Histogram.OutOfBounds);
        Assert.Equal(KeepAliveReason.OutOfRange, decision.Reason);
        Assert.Equal(end, decision.UnloadAt);
        // p = 86,398 s; pre-warm at 0.85 p = 73,438.3 s = 20:23:58.3; kept until 1.15 p = 99,357.7 s = 1.03:35:57.7.
        Assert.Equal(end + new TimeSpan(0, 20, 23, 58, 300), decision.PreWarmAt);
        Assert.Equal(end + new TimeSpan(1, 3, 35, 57, 700), decision.WarmUntil);
        Assert.InRange(T0 + TimeSpan.FromDays(11), decision.PreWarmAt!.Value, decision.WarmUntil);
    }

    [Fact]
    public void Decide_FewOutOfBoundsIdleTimes_UsesTheHistogramOfTheRest()
    {
        var function = Hybrid();
        var arrivals = Every(TimeSpan.FromMinutes(10), 12).ToList();
        arrivals.Add(arrivals[^1] + TimeSpan.FromHours(6));   // one night off: 1 of 12 idle times out of bounds
        arrivals.Add(arrivals[^1] + TimeSpan.FromMinutes(10));

        var decision = Run(function, arrivals, TimeSpan.FromSeconds(2));

        Assert.Equal(1, function.Histogram.OutOfBounds);
        Assert.Equal(KeepAliveReason.Histogram, decision.Reason);
        Assert.Equal(TimeSpan.FromMinutes(8.1), decision.PreWarm);
    }

    [Fact]
    public void Decide_PatternChanges_HistogramHalvingFollowsIt()
    {
        var function = Hybrid(new HybridHistogramOptions { MaxSamples = 20 });
        var arrivals = Every(TimeSpan.FromMinutes(10), 21).ToList();   // 20 idle times in bin 9
        for (var i = 1; i <= 60; i++)
        {
            arrivals.Add(arrivals[20] + (TimeSpan.FromMinutes(30) * i));   // then 60 in bin 29
        }

        var decision = Run(function, arrivals, TimeSpan.FromSeconds(2));

        Assert.Equal(0, function.Histogram[9]);
        Assert.Equal(KeepAliveReason.Histogram, decision.Reason);
        Assert.Equal(new TimeSpan(0, 26, 6), decision.PreWarm);
    }

    [Fact]
    public void OnArrival_OverlappingInvocations_LearnNoIdleTime()
    {
        var function = Hybrid();

        Assert.Null(function.OnArrival(T0));
        Assert.Null(function.OnArrival(T0 + TimeSpan.FromSeconds(1)));   // the first still runs
        function.OnCompletion(T0 + TimeSpan.FromSeconds(3));
        Assert.Null(function.IdleSince);
        function.OnCompletion(T0 + TimeSpan.FromSeconds(2));              // the last to end, but stamped earlier
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), function.IdleSince);

        Assert.Equal(TimeSpan.FromMinutes(7), function.OnArrival(T0 + TimeSpan.FromSeconds(3) + TimeSpan.FromMinutes(7)));
        Assert.Equal(1, function.Histogram.Samples);
        Assert.Equal(1, function.Histogram[7]);
    }

    [Fact]
    public void OnArrival_StampedBeforeTheLastEnd_LearnsAZeroIdleTime()
    {
        var function = Hybrid();
        function.OnArrival(T0);
        function.OnCompletion(T0 + TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.Zero, function.OnArrival(T0 + TimeSpan.FromSeconds(9)));
        Assert.Equal(1, function.Histogram[0]);
    }

    [Fact]
    public void OnCompletion_WithoutAnArrival_ThrowsSayingWhatToDo()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Hybrid().OnCompletion(T0));

        Assert.Contains("OnArrival", error.Message, StringComparison.Ordinal);
    }
}
