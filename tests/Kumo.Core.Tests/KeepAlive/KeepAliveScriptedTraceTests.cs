using Kumo.Core.KeepAlive;

namespace Kumo.Core.Tests.KeepAlive;

/// <summary>
/// A function's keep-alive and the schedule driven together through a scripted trace, as the worker will drive them:
/// the clock is the script's, and every unload, pre-warm and warm or cold arrival is checked against hand-computed
/// times (the worked example of docs/design/cold-starts.md §3.1).
/// </summary>
public sealed class KeepAliveScriptedTraceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TimerEveryTenMinutes_Hybrid_UnloadsAfterEachRunAndPreWarmsBeforeTheNext()
    {
        var log = Replay(KeepAlivePolicyKind.Hybrid, every: TimeSpan.FromMinutes(10), count: 14, duration: TimeSpan.FromSeconds(2));

        // Arrivals 0 … 10 are learnt with the fixed 10-minute keep-alive (each end + 10 min beats the next arrival),
        // so all but the first are warm. From the 11th idle time on the histogram decides.
        Assert.Equal("cold 00:00:00", log[0]);
        Assert.Contains("warm 01:40:00", log);
        Assert.Equal(
            [
                "unload 01:40:02",    // the run that ends at 01:40:02 is followed by an unload at once,
                "prewarm 01:48:08",   // a pre-warm at end + 8.1 min,
                "warm 01:50:00",      // and the next arrival is warm.
                "unload 01:50:02",
                "prewarm 01:58:08",
                "warm 02:00:00",
                "unload 02:00:02",
                "prewarm 02:08:08",
                "warm 02:10:00",
                "unload 02:10:02",
                "prewarm 02:18:08",
                "unload 02:21:02",    // no arrival came: the pre-warmed sandbox goes at end + 11 min.
            ],
            log.SkipWhile(line => line != "unload 01:40:02"));
    }

    [Fact]
    public void TimerEveryTenMinutes_Fixed_KeepsTheSandboxAndNeverPreWarms()
    {
        var log = Replay(KeepAlivePolicyKind.Fixed, every: TimeSpan.FromMinutes(10), count: 3, duration: TimeSpan.FromSeconds(2));

        Assert.Equal(["cold 00:00:00", "warm 00:10:00", "warm 00:20:00", "unload 00:30:02"], log);
    }

    [Fact]
    public void TimerEveryTwentyMinutes_Fixed_IsColdEveryTime()
    {
        var log = Replay(KeepAlivePolicyKind.Fixed, every: TimeSpan.FromMinutes(20), count: 3, duration: TimeSpan.FromSeconds(2));

        Assert.Equal(["cold 00:00:00", "unload 00:10:02", "cold 00:20:00", "unload 00:30:02", "cold 00:40:00", "unload 00:50:02"], log);
    }

    /// <summary>
    /// Replays <paramref name="count"/> arrivals, one every <paramref name="every"/>, each running <paramref name="duration"/>,
    /// through one function's keep-alive and a schedule, with at most one sandbox; logs what happened and when.
    /// </summary>
    private static List<string> Replay(KeepAlivePolicyKind policy, TimeSpan every, int count, TimeSpan duration)
    {
        var function = new FunctionKeepAlive(new KeepAliveSettings { Policy = policy });
        var schedule = new KeepAliveSchedule<string, int>();
        var log = new List<string>();
        var loaded = false;
        var sandbox = 0;
        string Clock(DateTimeOffset at) => (at - T0).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);

        void RunDue(DateTimeOffset now)
        {
            var due = new List<KeepAliveAction<string, int>>();
            schedule.TakeDue(now, due);
            foreach (var action in due)
            {
                if (action.Kind == KeepAliveActionKind.Unload)
                {
                    loaded = false;
                    log.Add("unload " + Clock(action.At));
                }
                else
                {
                    loaded = true;
                    schedule.KeepIdle("f", ++sandbox, action.Until);
                    log.Add("prewarm " + Clock(action.At));
                }
            }
        }

        for (var i = 0; i < count; i++)
        {
            var arrival = T0 + (every * i);
            RunDue(arrival);
            function.OnArrival(arrival);
            schedule.CancelPreWarm("f");
            log.Add((loaded ? "warm " : "cold ") + Clock(arrival));
            if (loaded)
            {
                schedule.Forget(sandbox);
            }
            else
            {
                sandbox++;
            }

            loaded = false;
            var end = arrival + duration;
            RunDue(end);
            schedule.Apply("f", sandbox, function.OnCompletion(end));
            loaded = true;
            RunDue(end);
        }

        while (schedule.NextDueAt() is { } next)
        {
            RunDue(next);
        }

        return log;
    }
}
