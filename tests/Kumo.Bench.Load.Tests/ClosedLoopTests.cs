using Kumo.Bench.Load.Load;

namespace Kumo.Bench.Load.Tests;

public sealed class ClosedLoopTests
{
    [Fact]
    public async Task RunAsync_FourWorkers_KeepExactlyFourRequestsInFlightAndCountFailures()
    {
        // The first calls wait until all four workers are in one, so that four at once is seen however slowly the
        // machine starts them; every call then takes a few milliseconds, and every tenth fails.
        var inFlight = 0;
        var most = 0;
        var calls = 0;
        var allFour = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task TargetAsync()
        {
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref most); now > seen; seen = Volatile.Read(ref most))
            {
                Interlocked.CompareExchange(ref most, now, seen);
            }

            if (now == 4)
            {
                allFour.TrySetResult();
            }

            await allFour.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(5);
            Interlocked.Decrement(ref inFlight);
            if (Interlocked.Increment(ref calls) % 10 == 0)
            {
                throw new HttpRequestException("every tenth call fails");
            }
        }

        var result = await ClosedLoop.RunAsync(TargetAsync, 4, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        Assert.Equal(4, most);
        Assert.True(result.Completed > 0);
        Assert.True(result.Errors > 0, $"{calls} calls, none failed");
        Assert.Equal("every tenth call fails", result.FirstError);
        Assert.Equal(result.Completed, result.Latencies.Count);
        // Send to answer includes the target's own 5 ms (a timer may fire a little early: half of it is certain).
        Assert.True(result.Latencies.MinMs >= 2.5, $"min {result.Latencies.MinMs} ms");
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
