using Kumo.Bench.Simulator.Trace;
using Kumo.Core.KeepAlive;

namespace Kumo.Bench.Simulator.Engine;

/// <summary>
/// Replays one function's arrivals under one policy, as discrete events in time order on a simulated clock: arrivals,
/// ends of invocations, and what the real <see cref="KeepAliveSchedule{TFunction, TInstance}"/> says is due. The
/// function's real <see cref="FunctionKeepAlive"/> is told of every arrival and end and decides; only the sandboxes are
/// simulated. An arrival takes the most recently used idle sandbox (as the worker does) and is warm, or finds none and
/// is a cold start (its start-up time is counted, not simulated). Functions do not share anything here, so each is
/// replayed alone.
/// </summary>
internal sealed class FunctionSimulation
{
    /// <summary>The simulated time at which every trace starts (the Azure trace does not say its dates; July 2019).</summary>
    public static readonly DateTimeOffset Epoch = new(2019, 7, 15, 0, 0, 0, TimeSpan.Zero);

    private const ulong ArrivalSalt = 0xA11CE5EEDUL;
    private const ulong DurationSalt = 0xD0A710E5UL;
    private const ulong TraitSalt = 0x7A175UL;
    private const int Function = 0;

    private readonly FunctionKeepAlive _keepAlive;
    private readonly KeepAliveSchedule<int, int> _schedule = new();
    private readonly PriorityQueue<int, long> _completions = new();
    private readonly Stack<(int Id, int Epoch)> _idle = new();
    private readonly List<KeepAliveAction<int, int>> _due = [];
    private readonly ArrivalStream _arrivals;
    private readonly SeededRandom _durations;
    private readonly double _durationMeanTicks;
    private readonly double _durationSigma;
    private readonly double _memoryMb;
    private readonly long _horizon;
    private readonly long[] _decisions = new long[Enum.GetValues<KeepAliveReason>().Length];
    private SimulatedSandbox[] _sandboxes = new SimulatedSandbox[4];
    private int _created;
    private int _loaded;
    private int _peak;
    private long _invocations;
    private long _coldStarts;
    private long _idleTicks;
    private long _preWarms;
    private long _preWarmsUsed;

    /// <summary>Prepares the replay of <paramref name="function"/> (the <paramref name="index"/>-th of its trace) over <paramref name="minutes"/>.</summary>
    public FunctionSimulation(TraceFunction function, int index, KeepAliveSettings settings, SimulationOptions options, int minutes)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(options);
        _keepAlive = new FunctionKeepAlive(settings);
        _arrivals = new ArrivalStream(function.Invocations, options.Spread, new SeededRandom(options.Seed ^ ArrivalSalt, (ulong)index));
        _durations = new SeededRandom(options.Seed ^ DurationSalt, (ulong)index);
        var traits = new SeededRandom(options.Seed ^ TraitSalt, (ulong)index);
        var defaults = new SyntheticTraceOptions();
        var durationMs = function.AverageDurationMs ?? Math.Min(defaults.DurationMaxMs, SyntheticTrace.LogNormal(traits, defaults.DurationMedianMs, defaults.DurationP90Ms));
        _memoryMb = function.MemoryMb ?? Math.Round(Math.Clamp(SyntheticTrace.LogNormal(traits, defaults.MemoryMedianMb, defaults.MemoryP90Mb), 128, 10_240));
        _durationMeanTicks = Math.Max(1, durationMs) * TimeSpan.TicksPerMillisecond;
        _durationSigma = options.DurationSigma;
        _horizon = minutes * TimeSpan.TicksPerMinute;
    }

    /// <summary>Replays every arrival before the trace's end; idle time is counted up to the end.</summary>
    public FunctionOutcome Run()
    {
        var hasArrival = _arrivals.TryNext(out var nextArrival);
        while (true)
        {
            var nextCompletion = _completions.TryPeek(out _, out var completion) ? completion : long.MaxValue;
            var nextDue = _schedule.NextDueAt() is { } due ? (due - Epoch).Ticks : long.MaxValue;
            var arrival = hasArrival ? nextArrival : long.MaxValue;
            var now = Math.Min(arrival, Math.Min(nextCompletion, nextDue));
            if (now >= _horizon)
            {
                break;
            }

            // At one instant: ends first, then what is due, then the arrival (a keep-alive ending now is too late for it).
            if (nextCompletion == now)
            {
                Complete(now, _completions.Dequeue());
            }
            else if (nextDue == now)
            {
                RunDue(now);
            }
            else
            {
                Arrive(now);
                hasArrival = _arrivals.TryNext(out nextArrival);
            }
        }

        for (var id = 0; id < _created; id++)
        {
            if (_sandboxes[id].State == SimulatedSandboxState.Idle)
            {
                _idleTicks += _horizon - _sandboxes[id].IdleSince;
            }
        }

        return new FunctionOutcome(
            _invocations, _coldStarts, (double)_idleTicks / TimeSpan.TicksPerSecond, _memoryMb, _preWarms, _preWarmsUsed, _peak, _decisions);
    }

    private static DateTimeOffset At(long ticks) => Epoch.AddTicks(ticks);

    private void Arrive(long now)
    {
        _invocations++;
        _keepAlive.OnArrival(At(now));
        _schedule.CancelPreWarm(Function);
        int id;
        if (TryPopIdle(out var idle))
        {
            id = idle;
            ref var sandbox = ref _sandboxes[id];
            _idleTicks += now - sandbox.IdleSince;
            _schedule.Forget(id);
            if (sandbox.PreWarmedUnused)
            {
                _preWarmsUsed++;
                sandbox.PreWarmedUnused = false;
            }
        }
        else
        {
            _coldStarts++;
            id = Load();
        }

        ref var running = ref _sandboxes[id];
        running.State = SimulatedSandboxState.Busy;
        running.Epoch++;
        _completions.Enqueue(id, now + Duration());
    }

    private void Complete(long now, int id)
    {
        var decision = _keepAlive.OnCompletion(At(now));
        _decisions[(int)decision.Reason]++;
        MarkIdle(id, now);
        _schedule.Apply(Function, id, decision);
    }

    private void RunDue(long now)
    {
        _due.Clear();
        _schedule.TakeDue(At(now), _due);
        foreach (var action in _due)
        {
            if (action.Kind == KeepAliveActionKind.Unload)
            {
                ref var sandbox = ref _sandboxes[action.Instance];
                _idleTicks += now - sandbox.IdleSince;
                sandbox.State = SimulatedSandboxState.Unloaded;
                sandbox.Epoch++;
                _loaded--;
            }
            else if (TryPeekIdle(out var idle))
            {
                // A sandbox is still loaded: keep it for the pre-warm's window instead of loading another.
                if (!_schedule.TryGetUnloadAt(idle, out var unloadAt) || unloadAt < action.Until)
                {
                    _schedule.KeepIdle(Function, idle, action.Until);
                }
            }
            else
            {
                var id = Load();
                MarkIdle(id, now);
                _sandboxes[id].PreWarmedUnused = true;
                _preWarms++;
                _schedule.KeepIdle(Function, id, action.Until);
            }
        }
    }

    private int Load()
    {
        if (_created == _sandboxes.Length)
        {
            Array.Resize(ref _sandboxes, _sandboxes.Length * 2);
        }

        _loaded++;
        _peak = Math.Max(_peak, _loaded);
        return _created++;
    }

    private void MarkIdle(int id, long now)
    {
        ref var sandbox = ref _sandboxes[id];
        sandbox.State = SimulatedSandboxState.Idle;
        sandbox.IdleSince = now;
        sandbox.Epoch++;
        _idle.Push((id, sandbox.Epoch));
    }

    private bool TryPeekIdle(out int id)
    {
        while (_idle.TryPeek(out var top))
        {
            if (_sandboxes[top.Id].State == SimulatedSandboxState.Idle && _sandboxes[top.Id].Epoch == top.Epoch)
            {
                id = top.Id;
                return true;
            }

            _idle.Pop();
        }

        id = -1;
        return false;
    }

    private bool TryPopIdle(out int id)
    {
        if (TryPeekIdle(out id))
        {
            _idle.Pop();
            return true;
        }

        return false;
    }

    private long Duration()
    {
        var factor = _durationSigma == 0 ? 1 : Math.Exp((_durationSigma * _durations.NextGaussian()) - (_durationSigma * _durationSigma / 2));
        return Math.Max(TimeSpan.TicksPerMillisecond, (long)Math.Min(_durationMeanTicks * factor, 900 * TimeSpan.TicksPerSecond));
    }
}
