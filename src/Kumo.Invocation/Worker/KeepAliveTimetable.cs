using Kumo.Core.KeepAlive;

namespace Kumo.Invocation.Worker;

/// <summary>
/// This node's keep-alive timetable: the pre-warms its functions' coordinators asked for (held in the same
/// <see cref="KeepAliveSchedule{TFunction, TInstance}"/> the trace simulator runs), and the wake-up of the
/// <see cref="KeepAliveLoop"/> when something falls due before the time it sleeps until. Idle sandboxes' own unload
/// times are on the sandboxes (<see cref="WorkerSandbox.ExpiresAt"/>). Thread-safe.
/// </summary>
internal sealed class KeepAliveTimetable
{
    private readonly Lock _gate = new();
    private readonly KeepAliveSchedule<PreWarmTarget, string> _preWarms = new();
    private readonly List<KeepAliveAction<PreWarmTarget, string>> _due = [];
    private TaskCompletionSource _changed = NewSignal();
    private int _preWarmCount;

    // The time the loop sleeps until, in UTC ticks. While it runs a pass it sleeps until nothing (the maximum): every
    // change then marks the signal, and its next wait returns at once.
    private long _wakeAtTicks = DateTimeOffset.MaxValue.UtcTicks;

    /// <summary>How many functions have a pre-warm planned.</summary>
    public int PreWarmCount => Volatile.Read(ref _preWarmCount);

    /// <summary>Plans to load a sandbox for a function at <paramref name="at"/>, kept until <paramref name="until"/>; replaces an earlier plan.</summary>
    public void PlanPreWarm(PreWarmTarget function, DateTimeOffset at, DateTimeOffset until)
    {
        lock (_gate)
        {
            _preWarms.PlanPreWarm(function, at, until);
            Volatile.Write(ref _preWarmCount, _preWarms.PreWarmCount);
        }

        Due(at);
    }

    /// <summary>Drops a function's planned pre-warm: an invocation arrived before it.</summary>
    public bool CancelPreWarm(PreWarmTarget function)
    {
        // Without the lock first: every invocation asks, and most nodes have no pre-warm planned at all.
        if (PreWarmCount == 0)
        {
            return false;
        }

        lock (_gate)
        {
            var cancelled = _preWarms.CancelPreWarm(function);
            Volatile.Write(ref _preWarmCount, _preWarms.PreWarmCount);
            return cancelled;
        }
    }

    /// <summary>When a function is to be pre-warmed, and until when; false when nothing is planned.</summary>
    public bool TryGetPreWarm(PreWarmTarget function, out DateTimeOffset at, out DateTimeOffset until)
    {
        lock (_gate)
        {
            return _preWarms.TryGetPreWarm(function, out at, out until);
        }
    }

    /// <summary>When the next planned pre-warm is due; null when none is planned.</summary>
    public DateTimeOffset? NextPreWarmAt()
    {
        lock (_gate)
        {
            return _preWarms.NextDueAt();
        }
    }

    /// <summary>Takes the pre-warms due at or before <paramref name="now"/> out of the plan, earliest first.</summary>
    public IReadOnlyList<KeepAliveAction<PreWarmTarget, string>> TakeDuePreWarms(DateTimeOffset now)
    {
        lock (_gate)
        {
            _due.Clear();
            _preWarms.TakeDue(now, _due);
            Volatile.Write(ref _preWarmCount, _preWarms.PreWarmCount);
            return [.. _due];
        }
    }

    /// <summary>Something falls due at <paramref name="at"/>: wakes the loop when it sleeps until later.</summary>
    public void Due(DateTimeOffset at)
    {
        // Without the lock first: on the request path, nearly every change falls due after the loop wakes anyway.
        if (at.UtcTicks >= Volatile.Read(ref _wakeAtTicks))
        {
            return;
        }

        lock (_gate)
        {
            if (at.UtcTicks < _wakeAtTicks)
            {
                _changed.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="until"/> on <paramref name="time"/>, or until something falls due earlier. Returns at
    /// once when something changed since the last wait ended.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task WaitAsync(DateTimeOffset until, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        Task changed;
        lock (_gate)
        {
            if (_changed.Task.IsCompleted)
            {
                _changed = NewSignal();
                return;
            }

            Volatile.Write(ref _wakeAtTicks, until.UtcTicks);
            changed = _changed.Task;
        }

        try
        {
            var delay = until - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var sleep = Task.Delay(delay, time, stop.Token);
                await Task.WhenAny(sleep, changed);
                // Stops the timer of a sleep cut short, so that none is left behind.
                await stop.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (_gate)
            {
                Volatile.Write(ref _wakeAtTicks, DateTimeOffset.MaxValue.UtcTicks);
                if (_changed.Task.IsCompleted)
                {
                    _changed = NewSignal();
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
