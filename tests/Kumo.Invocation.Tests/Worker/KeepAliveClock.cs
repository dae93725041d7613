namespace Kumo.Invocation.Tests.Worker;

/// <summary>
/// A clock that moves only when a test moves it, with timers that fire when it passes their time, so that
/// <c>Task.Delay(…, TimeProvider)</c> and the keep-alive loop's sleep end on the test's command and never on their own.
/// </summary>
internal sealed class KeepAliveClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    /// <summary>How many timers wait to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>When the next timer fires; null when none waits.</summary>
    public DateTimeOffset? NextTimerAt
    {
        get
        {
            lock (_gate)
            {
                return _timers.Where(t => t.DueAt is not null).Min(t => t.DueAt);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    /// <summary>Moves the clock to <paramref name="to"/> (never back) and fires every timer due by then, in time order.</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= to).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = to > _now ? to : _now;
                    return;
                }

                _now = next.DueAt!.Value > _now ? next.DueAt.Value : _now;
                next.DueAt = next.Period == Timeout.InfiniteTimeSpan || next.Period == TimeSpan.Zero ? null : _now + next.Period;
            }

            next.Callback(next.State);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private sealed class ManualTimer(KeepAliveClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                Period = period;
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                DueAt = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
