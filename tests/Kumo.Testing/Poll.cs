using System.Diagnostics;

namespace Kumo.Testing;

/// <summary>Waits for a condition by polling it until a deadline: tests never sleep a fixed time.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = deadline ?? DefaultDeadline;
        var pause = TimeSpan.FromMilliseconds(10);
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"gave up after {limit.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, deadline);
}
