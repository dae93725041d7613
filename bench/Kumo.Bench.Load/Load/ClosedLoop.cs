using System.Diagnostics;
using Kumo.Bench.Load.Histogram;

namespace Kumo.Bench.Load.Load;

/// <summary>
/// Closed-loop load: <c>C</c> workers, each sending its next request as soon as its previous answer is in. Latency
/// is from send to answer; throughput counts the answers that arrive in the measured window (after the warm-up).
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(Func<Task> send, int concurrency, TimeSpan warmUp, TimeSpan measure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var histogram = new LatencyHistogram();
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(warmUp);
        var end = measureFrom + Ticks(measure);
        long completed = 0, errors = 0, total = 0;
        string? firstError = null;

        async Task WorkerAsync()
        {
            // Yield first, so that every worker starts at once rather than one after another's first await.
            await Task.Yield();
            while (Stopwatch.GetTimestamp() is var sent && sent < end)
            {
                try
                {
                    await send();
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    continue;
                }

                var answered = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref total);
                if (answered >= measureFrom && answered <= end)
                {
                    Interlocked.Increment(ref completed);
                    histogram.Record((long)Stopwatch.GetElapsedTime(sent, answered).TotalNanoseconds);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => WorkerAsync()));
        return new LoadResult(histogram, completed, measure, errors, firstError) { TotalCompleted = total };
    }

    /// <summary>One worker, <paramref name="calls"/> requests back to back, each recorded in <paramref name="into"/>.</summary>
    public static async Task SequentialAsync(Func<Task> send, int calls, LatencyHistogram? into)
    {
        for (var i = 0; i < calls; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await send();
            into?.Record((long)Stopwatch.GetElapsedTime(sent).TotalNanoseconds);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
