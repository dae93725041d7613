using Kumo.Bench.Load.Load;

namespace Kumo.Bench.Load.Tests;

public sealed class ClosedLoopTests
{
    [Fact]
    public async Task RunAsync_FourWorkers_KeepExactlyFourRequestsInFlightAndCountFailures()
    {
        var inFlight = 0;
        var most = 0;
        var calls = 0;
        async Task TargetAsync()
        {
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref most); now > seen; seen = Volatile.Read(ref most))
            {
                Interlocked.CompareExchange(ref most, now, seen);
            }

            await Task.Delay(5);
            Interlocked.Decrement(ref inFlight);
            if (Interlocked.Increment(ref calls) % 10 == 0)
            {
                throw new HttpRequestException("every tenth call fails");
            }
        }

        var result = await ClosedLoop.RunAsync(TargetAsync, 4, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300));

        Assert.Equal(4, most);
        Assert.True(result.Completed > 0);
        Assert.True(result.Errors > 0);
        Assert.Equal("every tenth call fails", result.FirstError);
        Assert.Equal(result.Completed, result.Latencies.Count);
        Assert.True(result.Latencies.MinMs >= 4.5, $"min {result.Latencies.MinMs} ms");
    }

    [Fact]
    public async Task SequentialAsync_RecordsEveryCallOneAtATime()
    {
        var inFlight = 0;
        var most = 0;
        var histogram = new Histogram.LatencyHistogram();

        await ClosedLoop.SequentialAsync(
            async () =>
            {
                most = Math.Max(most, Interlocked.Increment(ref inFlight));
                await Task.Yield();
                Interlocked.Decrement(ref inFlight);
            },
            250,
            histogram);

        Assert.Equal(250, histogram.Count);
        Assert.Equal(1, most);
    }
}
