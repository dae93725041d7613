using Kumo.Bench.Simulator.Engine;
using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Tests;

/// <summary>How a minute's count becomes arrival times.</summary>
public sealed class ArrivalStreamTests
{
    private static List<long> All(MinuteCounts counts, ArrivalSpread spread, ulong seed)
    {
        var stream = new ArrivalStream(counts, spread, new SeededRandom(seed));
        var arrivals = new List<long>();
        while (stream.TryNext(out var ticks))
        {
            arrivals.Add(ticks);
        }

        return arrivals;
    }

    [Fact]
    public void Even_OnePerMinute_ArrivesAtTheSameSecondEachMinute()
    {
        var arrivals = All(new MinuteCounts([0, 30, 60], [1, 1, 1]), ArrivalSpread.Even, seed: 4);

        Assert.Equal(3, arrivals.Count);
        Assert.InRange(arrivals[0], 0, TimeSpan.TicksPerMinute - 1);
        Assert.Equal(30 * TimeSpan.TicksPerMinute, arrivals[1] - arrivals[0]);
        Assert.Equal(30 * TimeSpan.TicksPerMinute, arrivals[2] - arrivals[1]);
    }

    [Fact]
    public void Even_SeveralInAMinute_AreEvenlySpacedWithinIt()
    {
        var arrivals = All(new MinuteCounts([5], [4]), ArrivalSpread.Even, seed: 4);

        Assert.Equal(4, arrivals.Count);
        Assert.All(arrivals, a => Assert.InRange(a, 5 * TimeSpan.TicksPerMinute, (6 * TimeSpan.TicksPerMinute) - 1));
        Assert.All(arrivals.Zip(arrivals.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, (15 * TimeSpan.TicksPerSecond) - 1, (15 * TimeSpan.TicksPerSecond) + 1));
    }

    [Fact]
    public void Uniform_ManyInAMinute_AreInOrderWithinTheMinuteAndRepeatable()
    {
        var counts = new MinuteCounts([2, 3], [1000, 3]);

        var arrivals = All(counts, ArrivalSpread.Uniform, seed: 11);

        Assert.Equal(1003, arrivals.Count);
        Assert.Equal(arrivals.Order(), arrivals);
        Assert.All(arrivals.Take(1000), a => Assert.InRange(a, 2 * TimeSpan.TicksPerMinute, (3 * TimeSpan.TicksPerMinute) - 1));
        Assert.All(arrivals.Skip(1000), a => Assert.InRange(a, 3 * TimeSpan.TicksPerMinute, (4 * TimeSpan.TicksPerMinute) - 1));
        // Spread over the whole minute, not bunched.
        Assert.InRange(arrivals.Take(1000).Average(a => a - (2 * TimeSpan.TicksPerMinute)) / TimeSpan.TicksPerSecond, 27, 33);
        Assert.Equal(arrivals, All(counts, ArrivalSpread.Uniform, seed: 11));
    }
}
