using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Tests;

/// <summary>The synthetic trace: repeatable from its seed, and shaped as the paper reports Azure Functions.</summary>
public sealed class SyntheticTraceTests
{
    private static List<(int Minute, int Count)> Counts(MinuteCounts counts) =>
        [.. Enumerable.Range(0, counts.Length).Select(i => (counts.MinuteAt(i), counts.CountAt(i)))];

    private static void AssertSame(InvocationTrace expected, InvocationTrace actual)
    {
        Assert.Equal(expected.Functions.Count, actual.Functions.Count);
        foreach (var (a, b) in expected.Functions.Zip(actual.Functions))
        {
            Assert.Equal((a.Owner, a.App, a.Name, a.Trigger, a.AverageDurationMs, a.MemoryMb), (b.Owner, b.App, b.Name, b.Trigger, b.AverageDurationMs, b.MemoryMb));
            Assert.Equal(Counts(a.Invocations), Counts(b.Invocations));
        }
    }

    [Fact]
    public void Generate_SameSeed_GivesTheSameTrace()
    {
        var options = new SyntheticTraceOptions { Functions = 300, Days = 1, Seed = 42 };

        AssertSame(SyntheticTrace.Generate(options), SyntheticTrace.Generate(options));
    }

    [Fact]
    public void Generate_AnotherSeed_GivesAnotherTrace()
    {
        var one = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 50, Days = 1, Seed = 1 });
        var two = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 50, Days = 1, Seed = 2 });

        Assert.NotEqual(one.Functions.Select(f => f.Invocations.Total), two.Functions.Select(f => f.Invocations.Total));
    }

    [Fact]
    public void Generate_MoreFunctions_KeepsTheFirstOnesUnchanged()
    {
        var small = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 40, Days = 1, Seed = 3 });
        var large = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 80, Days = 1, Seed = 3 });

        AssertSame(small, large with { Functions = [.. large.Functions.Take(40)] });
    }

    [Fact]
    public void Generate_TwoThousandFunctions_HasThePapersShape()
    {
        var trace = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 2000, Days = 2, Seed = 1 });
        var shape = TraceShape.Of(trace);

        Assert.InRange(shape.AtMostHourlyShare, 0.40, 0.50);       // the paper: 45 %
        Assert.InRange(shape.AtMostPerMinuteShare, 0.76, 0.86);    // the paper: 81 %
        Assert.InRange(shape.OrdersOfMagnitude, 6.5, 9);           // the paper: about 8
        Assert.InRange(shape.TriggerShares["http"], 0.50, 0.60);
        Assert.InRange(shape.TriggerShares["timer"], 0.12, 0.20);
        Assert.InRange(trace.Functions.GroupBy(f => f.App).Count(app => app.Count() == 1) / (double)shape.Apps, 0.48, 0.60);
    }

    [Fact]
    public void Generate_Timers_FireAtARegularPeriod()
    {
        var trace = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 500, Days = 2, Seed = 5 });
        var periods = new HashSet<int>();

        foreach (var timer in trace.Functions.Where(f => f.Trigger == Trigger.Timer && f.Invocations.Length >= 2))
        {
            var minutes = Counts(timer.Invocations);
            Assert.All(minutes, m => Assert.Equal(1, m.Count));
            var gaps = minutes.Zip(minutes.Skip(1), (a, b) => b.Minute - a.Minute).Distinct().ToList();
            Assert.Single(gaps);
            periods.Add(gaps[0]);
        }

        Assert.Subset(new HashSet<int> { 1, 5, 10, 15, 30, 60, 1440 }, periods);
        Assert.True(periods.Count >= 4, $"timers use only the periods {string.Join(", ", periods)}");
    }

    [Fact]
    public void Generate_HttpFunctions_AreBursty()
    {
        var trace = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 400, Days = 2, Seed = 9 });

        // A busy HTTP function's busiest minute is far above its mean: Poisson alone would stay within a few σ.
        var busy = trace.Functions.Where(f => f.Trigger == Trigger.Http && f.Invocations.Total > 100_000).ToList();
        Assert.NotEmpty(busy);
        Assert.All(busy, f =>
        {
            var mean = (double)f.Invocations.Total / trace.Minutes;
            var peak = Enumerable.Range(0, f.Invocations.Length).Max(f.Invocations.CountAt);
            Assert.True(peak > 8 * mean, $"{f.Name}: peak {peak} per minute against a mean of {mean:0.0}");
        });
    }
}
