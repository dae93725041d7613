using System.Diagnostics;
using Kumo.Bench.Load.Histogram;

namespace Kumo.Bench.Load.Load;

/// <summary>
/// Open-loop load: requests are sent on a schedule fixed in advance (a fixed rate, or Poisson arrivals from a seed),
/// whether or not earlier ones have been answered. Latency is counted from each request's <em>intended</em> send
/// time, so a stall of the server or of the driver shows up in the percentiles instead of thinning the load
/// (no coordinated omission).
/// </summary>
internal static class OpenLoop
{
    /// <summary>More requests in flight than this means the target cannot keep up: the run stops sending.</summary>
    public const int MaxOutstanding = 10_000;

    public static async Task<LoadResult> RunAsync(Func<Task> send, double ratePerSecond, bool poisson, int seed, TimeSpan warmUp, TimeSpan measure)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        var histogram = new LatencyHistogram();
        var random = new Random(seed);
        var start = Stopwatch.GetTimestamp();
        var warmUpMs = warmUp.TotalMilliseconds;
        var endMs = warmUpMs + measure.TotalMilliseconds;
        long completed = 0, errors = 0, outstanding = 0;
        string? firstError = null;
        var pending = new List<Task>();

        async Task SendAsync(double intendedMs)
        {
            try
            {
                await send();
                var latencyMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds - intendedMs;
                if (intendedMs >= warmUpMs)
                {
                    Interlocked.Increment(ref completed);
                    histogram.RecordMs(latencyMs);
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, e.Message, null);
            }
            finally
            {
                Interlocked.Decrement(ref outstanding);
            }
        }

        for (var intendedMs = 0.0; intendedMs < endMs; intendedMs += Gap(random, ratePerSecond, poisson))
        {
            var waitMs = intendedMs - Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (waitMs >= 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs));
            }

            if (Interlocked.Increment(ref outstanding) > MaxOutstanding)
            {
                Interlocked.Decrement(ref outstanding);
                firstError ??= $"more than {MaxOutstanding} requests in flight: the target cannot keep up with {ratePerSecond} requests/s";
                break;
            }

            pending.Add(SendAsync(intendedMs));
        }

        await Task.WhenAll(pending);
        return new LoadResult(histogram, completed, measure, errors, firstError);
    }

    /// <summary>The time to the next intended send: 1/rate, or exponentially distributed with that mean (Poisson arrivals).</summary>
    public static double Gap(Random random, double ratePerSecond, bool poisson) =>
        poisson ? -Math.Log(1 - random.NextDouble()) * 1000 / ratePerSecond : 1000 / ratePerSecond;
}
