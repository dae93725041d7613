namespace Kumo.Core.KeepAlive;

/// <summary>
/// When each idle sandbox is to be unloaded and each function pre-warmed, in time order. The caller feeds it the
/// decisions of <see cref="FunctionKeepAlive"/>, tells it when a sandbox stops being idle, waits until
/// <see cref="NextDueAt"/> (on its own clock) and carries out what <see cref="TakeDue"/> returns. It reads no clock and
/// does no I/O, so the worker and the simulator run the same schedule. The latest plan for a sandbox or a function
/// replaces the one before. Not thread-safe.
/// </summary>
/// <typeparam name="TFunction">What names a function.</typeparam>
/// <typeparam name="TInstance">What names a sandbox.</typeparam>
public sealed class KeepAliveSchedule<TFunction, TInstance>
    where TFunction : notnull
    where TInstance : notnull
{
    // A sandbox kept again and again (a busy function's) has one queue entry, not one per invocation: a later deadline
    // only updates its plan, and the entry is queued again at the new deadline when it comes up. A plan stays after
    // Forget until its entry comes up, so that the next KeepIdle can reuse the entry. Replaced entries stay in the
    // queue until popped or compacted; the stamp tells them from current ones.
    private readonly Dictionary<TInstance, UnloadPlan> _unloads = [];
    private readonly Dictionary<TFunction, (DateTimeOffset At, DateTimeOffset Until, long Stamp)> _preWarms = [];
    private readonly PriorityQueue<Entry, (DateTimeOffset At, long Stamp)> _queue = new();
    private long _stamp;
    private int _idleCount;

    /// <summary>How many idle sandboxes have an unload planned.</summary>
    public int IdleCount => _idleCount;

    /// <summary>How many functions have a pre-warm planned.</summary>
    public int PreWarmCount => _preWarms.Count;

    /// <summary>
    /// Plans what a decision says for the sandbox that ran the invocation: its unload (at once when the decision
    /// pre-warms), and the function's pre-warm, which replaces any planned before; a decision without one cancels it.
    /// </summary>
    /// <param name="function">The function.</param>
    /// <param name="instance">The sandbox that ran the invocation, now idle.</param>
    /// <param name="decision">What the function's keep-alive decided when the invocation ended.</param>
    public void Apply(TFunction function, TInstance instance, KeepAliveDecision decision)
    {
        KeepIdle(function, instance, decision.UnloadAt);
        if (decision.PreWarmAt is { } at)
        {
            PlanPreWarm(function, at, decision.WarmUntil);
        }
        else
        {
            CancelPreWarm(function);
        }
    }

    /// <summary>Plans to unload an idle sandbox at <paramref name="until"/>, replacing its earlier plan.</summary>
    /// <param name="function">The function the sandbox belongs to.</param>
    /// <param name="instance">The idle sandbox.</param>
    /// <param name="until">When to unload it.</param>
    public void KeepIdle(TFunction function, TInstance instance, DateTimeOffset until)
    {
        var exists = _unloads.TryGetValue(instance, out var plan);
        if (!exists || !plan.Idle)
        {
            _idleCount++;
        }

        if (exists && plan.QueuedAt <= until)
        {
            _unloads[instance] = plan with { Function = function, At = until, Idle = true };
            return;
        }

        var stamp = ++_stamp;
        _unloads[instance] = new UnloadPlan(function, until, true, until, stamp);
        _queue.Enqueue(new Entry(false, function, instance, stamp), (until, stamp));
        CompactIfMostlyStale();
    }

    /// <summary>When an idle sandbox is to be unloaded.</summary>
    /// <param name="instance">The sandbox.</param>
    /// <param name="at">When it is to be unloaded.</param>
    /// <returns>Whether an unload is planned for it.</returns>
    public bool TryGetUnloadAt(TInstance instance, out DateTimeOffset at)
    {
        var found = _unloads.TryGetValue(instance, out var plan) && plan.Idle;
        at = found ? plan.At : default;
        return found;
    }

    /// <summary>Drops a sandbox's planned unload: it is running an invocation again, or it is gone.</summary>
    /// <param name="instance">The sandbox.</param>
    /// <returns>Whether an unload was planned for it.</returns>
    public bool Forget(TInstance instance)
    {
        if (!_unloads.TryGetValue(instance, out var plan) || !plan.Idle)
        {
            return false;
        }

        _unloads[instance] = plan with { Idle = false };
        _idleCount--;
        return true;
    }

    /// <summary>Plans to load a sandbox for a function at <paramref name="at"/>, kept until <paramref name="until"/>; replaces an earlier plan.</summary>
    /// <param name="function">The function.</param>
    /// <param name="at">When to load it.</param>
    /// <param name="until">Until when to keep it.</param>
    public void PlanPreWarm(TFunction function, DateTimeOffset at, DateTimeOffset until)
    {
        var stamp = ++_stamp;
        _preWarms[function] = (at, until, stamp);
        _queue.Enqueue(new Entry(true, function, default!, stamp), (at, stamp));
        CompactIfMostlyStale();
    }

    /// <summary>When a function is to be pre-warmed.</summary>
    /// <param name="function">The function.</param>
    /// <param name="at">When to load the sandbox.</param>
    /// <param name="until">Until when to keep it.</param>
    /// <returns>Whether a pre-warm is planned.</returns>
    public bool TryGetPreWarm(TFunction function, out DateTimeOffset at, out DateTimeOffset until)
    {
        var found = _preWarms.TryGetValue(function, out var plan);
        (at, until) = (plan.At, plan.Until);
        return found;
    }

    /// <summary>
    /// Drops a function's planned pre-warm: an invocation arrived before it (the pre-warm was for that invocation; its
    /// end brings a new decision).
    /// </summary>
    /// <param name="function">The function.</param>
    /// <returns>Whether a pre-warm was planned.</returns>
    public bool CancelPreWarm(TFunction function) => _preWarms.Remove(function);

    /// <summary>When the next planned unload or pre-warm is due; null when nothing is planned.</summary>
    public DateTimeOffset? NextDueAt() => PeekDue(out var at) ? at : null;

    /// <summary>Removes everything due at or before <paramref name="now"/> from the plan and adds it to <paramref name="actions"/>, earliest first.</summary>
    /// <param name="now">The caller's current time.</param>
    /// <param name="actions">Where the due actions go.</param>
    /// <returns>How many were due.</returns>
    public int TakeDue(DateTimeOffset now, ICollection<KeepAliveAction<TFunction, TInstance>> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var taken = 0;
        while (PeekDue(out var at) && at <= now)
        {
            var entry = _queue.Dequeue();
            if (entry.PreWarm)
            {
                var preWarm = _preWarms[entry.Function];
                _preWarms.Remove(entry.Function);
                actions.Add(new(KeepAliveActionKind.PreWarm, preWarm.At, entry.Function, default!, preWarm.Until));
            }
            else
            {
                var plan = _unloads[entry.Instance];
                _unloads.Remove(entry.Instance);
                _idleCount--;
                actions.Add(new(KeepAliveActionKind.Unload, at, plan.Function, entry.Instance, at));
            }

            taken++;
        }

        return taken;
    }

    /// <summary>Brings a current entry to the head of the queue (dropping stale ones, queuing moved deadlines again) and says when it is due.</summary>
    private bool PeekDue(out DateTimeOffset at)
    {
        while (_queue.TryPeek(out var entry, out var priority))
        {
            if (entry.PreWarm)
            {
                if (_preWarms.TryGetValue(entry.Function, out var preWarm) && preWarm.Stamp == entry.Stamp)
                {
                    at = priority.At;
                    return true;
                }

                _queue.Dequeue();
                continue;
            }

            if (!_unloads.TryGetValue(entry.Instance, out var plan) || plan.Stamp != entry.Stamp)
            {
                _queue.Dequeue();
            }
            else if (!plan.Idle)
            {
                _queue.Dequeue();
                _unloads.Remove(entry.Instance);
            }
            else if (plan.At > priority.At)
            {
                _queue.Dequeue();
                _unloads[entry.Instance] = plan with { QueuedAt = plan.At };
                _queue.Enqueue(new Entry(false, plan.Function, entry.Instance, plan.Stamp), (plan.At, plan.Stamp));
            }
            else
            {
                at = priority.At;
                return true;
            }
        }

        at = default;
        return false;
    }

    private void CompactIfMostlyStale()
    {
        var live = _unloads.Count + _preWarms.Count;
        if (_queue.Count <= 64 || _queue.Count <= 2 * live)
        {
            return;
        }

        _queue.Clear();
        foreach (var (instance, plan) in _unloads)
        {
            _queue.Enqueue(new Entry(false, plan.Function, instance, plan.Stamp), (plan.QueuedAt, plan.Stamp));
        }

        foreach (var (function, plan) in _preWarms)
        {
            _queue.Enqueue(new Entry(true, function, default!, plan.Stamp), (plan.At, plan.Stamp));
        }
    }

    private readonly record struct Entry(bool PreWarm, TFunction Function, TInstance Instance, long Stamp);

    private readonly record struct UnloadPlan(TFunction Function, DateTimeOffset At, bool Idle, DateTimeOffset QueuedAt, long Stamp);
}
