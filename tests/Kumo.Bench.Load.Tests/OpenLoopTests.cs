using Kumo.Bench.Load.Load;

namespace Kumo.Bench.Load.Tests;

public sealed class OpenLoopTests
{
    [Fact]
    public void Gap_FixedRate_IsTheIntervalExactly()
    {
        var random = new Random(1);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(4.0, OpenLoop.Gap(random, 250, poisson: false)));
    }

    [Fact]
    public void Gap_PoissonArrivalsFromASeed_AreExponentialWithTheRatesMeanAndRepeatable()
    {
        var gaps = Enumerable.Range(0, 200_000).Select(_ => 0.0).ToArray();
        var random = new Random(9);
        for (var i = 0; i < gaps.Length; i++)
        {
            gaps[i] = OpenLoop.Gap(random, 500, poisson: true);
        }

        var again = new Random(9);
        Assert.Equal(gaps[..100], Enumerable.Range(0, 100).Select(_ => OpenLoop.Gap(again, 500, poisson: true)));
        // Exponential with mean 2 ms: the mean and the standard deviation are both 2 ms; the median is 2·ln 2.
        Assert.InRange(gaps.Average(), 1.98, 2.02);
        var deviation = Math.Sqrt(gaps.Select(g => (g - 2) * (g - 2)).Average());
        Assert.InRange(deviation, 1.96, 2.04);
        Assert.InRange(gaps.Order().ElementAt(gaps.Length / 2), 2 * Math.Log(2) * 0.98, 2 * Math.Log(2) * 1.02);
        Assert.All(gaps, g => Assert.True(g >= 0));
    }

    [Fact]
    public async Task RunAsync_ASlowTarget_CountsTheWaitFromTheIntendedSendTime()
    {
        // A target that takes 30 ms, sent 100 requests/s on a fixed schedule: each request's latency is at least
        // its own 30 ms, and the open loop keeps sending while earlier ones are in flight (about 3 at once).
        var inFlight = 0;
        var most = 0;
        async Task SlowAsync()
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(30);
            Interlocked.Decrement(ref inFlight);
        }

        var result = await OpenLoop.RunAsync(SlowAsync, 100, poisson: false, seed: 1, TimeSpan.Zero, TimeSpan.FromSeconds(0.5));

        Assert.Equal(50, result.Completed);
        Assert.Equal(0, result.Errors);
        // Each latency includes the target's own 30 ms; a send may go up to 1 ms before its time and a timer fire a
        // little early, so 25 ms is what is certain. A stalled machine only makes latencies longer.
        Assert.True(result.Latencies.MinMs >= 25, $"min {result.Latencies.MinMs} ms");
        Assert.True(most >= 2, $"at most {most} requests were in flight at once");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
