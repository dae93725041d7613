using Kumo.Invocation.Worker;
using Kumo.Testing;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>How the keep-alive loop sleeps: until its time on the clock, or until something falls due sooner.</summary>
public sealed class KeepAliveTimetableTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private readonly KeepAliveClock _clock = new(Start);
    private readonly KeepAliveTimetable _timetable = new();

    [Fact]
    public async Task WaitAsync_SomethingFallsDueSooner_EndsTheSleep()
    {
        var sleep = _timetable.WaitAsync(Start.AddSeconds(30), _clock, CancellationToken.None);
        Assert.Equal(Start.AddSeconds(30), _clock.NextTimerAt);

        _timetable.Due(Start.AddSeconds(5));

        await sleep.WaitAsync(Poll.DefaultDeadline);
        Assert.Equal(Start, _clock.GetUtcNow());
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public async Task WaitAsync_SomethingFallsDueLater_SleepsOnUntilItsTime()
    {
        var sleep = _timetable.WaitAsync(Start.AddSeconds(30), _clock, CancellationToken.None);

        _timetable.Due(Start.AddMinutes(10));
        _timetable.Due(Start.AddSeconds(30));

        Assert.False(sleep.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.False(sleep.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));
        await sleep.WaitAsync(Poll.DefaultDeadline);
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public async Task WaitAsync_ChangedBetweenWaits_ReturnsAtOnceThenSleeps()
    {
        var first = _timetable.WaitAsync(Start.AddSeconds(30), _clock, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await first.WaitAsync(Poll.DefaultDeadline);

        // A change made while the loop does its pass (not sleeping) must not be missed by its next sleep.
        _timetable.PlanPreWarm(new PreWarmTarget("default", "timer"), _clock.GetUtcNow().AddHours(1), _clock.GetUtcNow().AddHours(2));
        var next = _timetable.WaitAsync(_clock.GetUtcNow().AddSeconds(30), _clock, CancellationToken.None);
        var after = _timetable.WaitAsync(_clock.GetUtcNow().AddSeconds(30), _clock, CancellationToken.None);

        Assert.True(next.IsCompletedSuccessfully);
        Assert.False(after.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await after.WaitAsync(Poll.DefaultDeadline);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsAndLeavesNoTimer()
    {
        using var stop = new CancellationTokenSource();
        var sleep = _timetable.WaitAsync(Start.AddSeconds(30), _clock, stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sleep.WaitAsync(Poll.DefaultDeadline));
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public void PreWarms_PlannedCancelledAndTakenWhenDue()
    {
        var timer = new PreWarmTarget("default", "timer");
        var report = new PreWarmTarget("default", "report");
        _timetable.PlanPreWarm(timer, Start.AddMinutes(8), Start.AddMinutes(11));
        _timetable.PlanPreWarm(report, Start.AddMinutes(5), Start.AddMinutes(6));
        _timetable.PlanPreWarm(timer, Start.AddMinutes(9), Start.AddMinutes(12));

        Assert.Equal(2, _timetable.PreWarmCount);
        Assert.Equal(Start.AddMinutes(5), _timetable.NextPreWarmAt());
        Assert.True(_timetable.CancelPreWarm(report));
        Assert.False(_timetable.CancelPreWarm(report));
        Assert.Empty(_timetable.TakeDuePreWarms(Start.AddMinutes(9) - TimeSpan.FromTicks(1)));
        var due = Assert.Single(_timetable.TakeDuePreWarms(Start.AddMinutes(9)));
        Assert.Equal((timer, Start.AddMinutes(9), Start.AddMinutes(12)), (due.Function, due.At, due.Until));
        Assert.Equal(0, _timetable.PreWarmCount);
        Assert.Null(_timetable.NextPreWarmAt());
    }
}
