using Kumo.Abstractions.Status;
using Kumo.Sandbox;
using Kumo.Sandbox.Stems;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>
/// This node's pools of pre-warmed stem cells, one per kind. A cold invocation takes a ready stem (its memory
/// reservation goes with it); every take and every miss counts as demand and starts a refill in the background,
/// never on the request path, at most <see cref="PrewarmOptions.RefillConcurrency"/> stems starting at once and one
/// per kind. A pool never starves the host: stems reserve their memory in the node's budget, all of them together stay
/// within <see cref="PrewarmOptions.MemoryShareOfBudget"/> of it, and refills stop while the host's available memory
/// is below the low-water mark. Kinds exist once a function needed one (or were declared in
/// <see cref="PrewarmOptions.Kinds"/>). A stem leaves a pool once; a specialised sandbox never comes back.
/// </summary>
internal sealed partial class StemCellPool : IPoolStatus, IAsyncDisposable
{
    /// <summary>How many specialisations of a kind fail in a row before the kind is left alone for <see cref="PrewarmOptions.FailureBackoff"/>.</summary>
    public const int SpecializeFailuresBeforeBackoff = 3;

    private readonly ISandboxDriver _driver;
    private readonly PrewarmOptions _options;
    private readonly MemoryBudget _budget;
    private readonly IHostMemory _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<StemCellKind, StemCellKindPool> _pools = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _drops = [];
    private readonly int _shareMb;
    private readonly long _lowWaterMb;
    private TaskCompletionSource _refilled = Done();
    private int _stemMemoryMb;
    private int _refillers;
    private bool _disposed;

    public StemCellPool(ISandboxDriver driver, PrewarmOptions options, MemoryBudget budget, IHostMemory host, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(host);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"the pre-warm settings cannot be used: {string.Join("; ", problems)}", nameof(options));
        }

        _driver = driver;
        _options = options;
        _budget = budget;
        _host = host;
        _time = time;
        _logger = logger;
        _shareMb = (int)(budget.TotalMb * options.MemoryShareOfBudget);
        _lowWaterMb = options.LowWaterMb ?? Math.Max(512, (host.TotalMb ?? 0) / 10);
        if (options.Enabled)
        {
            foreach (var kind in options.Kinds)
            {
                _pools[kind] = new StemCellKindPool(kind, new PoolSizer(options, declared: true));
            }
        }
    }

    /// <summary>The node's memory budget, which stems share with sandboxes.</summary>
    public MemoryBudget Budget => _budget;

    /// <summary>Whether pools are kept at all.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>The memory all stems (ready and starting) are sized to now, in MB.</summary>
    public int StemMemoryMb
    {
        get
        {
            lock (_gate)
            {
                return _stemMemoryMb;
            }
        }
    }

    /// <summary>
    /// Takes a ready stem of <paramref name="kind"/>, or null when there is none; either way counts the demand and
    /// starts a refill in the background. The caller owns the stem and its memory reservation in the node's budget
    /// (<see cref="StemCellKind.MemoryMb"/>): it specialises or disposes the stem, and keeps or releases the memory.
    /// </summary>
    public IStemCell? TryTake(StemCellKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!_options.Enabled)
        {
            return null;
        }

        IStemCell? taken = null;
        List<IStemCell> dead = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            var pool = PoolOf(kind);
            var now = _time.GetUtcNow();
            pool.Sizer.RecordDemand(now);
            // A kind whose specialisations keep failing is left alone for a while: the request creates at once.
            while (taken is null && pool.Ready.Count > 0 && pool.TakeBlockedUntil <= now)
            {
                var stem = pool.Ready[^1];
                pool.Ready.RemoveAt(pool.Ready.Count - 1);
                _stemMemoryMb -= kind.MemoryMb;
                if (stem.IsAvailable)
                {
                    taken = stem;
                }
                else
                {
                    dead.Add(stem);
                }
            }
        }

        if (dead.Count > 0)
        {
            _ = DropAllAsync(dead);
        }

        Kick();
        return taken;
    }

    /// <summary>
    /// Takes back a stem from <see cref="TryTake"/> whose specialisation failed: removes it in the background (stopping
    /// a sandbox can take seconds; the request goes on at once) and then gives its memory back. With
    /// <paramref name="countsAsFailure"/>, counts the failure against its kind: after
    /// <see cref="SpecializeFailuresBeforeBackoff"/> in a row, no stem of the kind is taken or started for
    /// <see cref="PrewarmOptions.FailureBackoff"/>.
    /// </summary>
    /// <param name="stem">The stem.</param>
    /// <param name="disposed">Whether the driver disposed it already (only its memory is left to give back).</param>
    /// <param name="countsAsFailure">False for a failure that says nothing about the kind (the spec did not fit, the request was cancelled).</param>
    public void SpecializeFailed(IStemCell stem, bool disposed, bool countsAsFailure)
    {
        ArgumentNullException.ThrowIfNull(stem);
        if (countsAsFailure)
        {
            lock (_gate)
            {
                var pool = PoolOf(stem.Kind);
                if (++pool.SpecializeFailures >= SpecializeFailuresBeforeBackoff)
                {
                    pool.SpecializeFailures = 0;
                    pool.TakeBlockedUntil = _time.GetUtcNow() + _options.FailureBackoff;
                    LogKindBlocked(_logger, stem.Kind.ToString(), SpecializeFailuresBeforeBackoff, _options.FailureBackoff);
                }
            }
        }

        if (disposed)
        {
            _budget.Release(stem.Kind.MemoryMb);
            return;
        }

        var drop = Task.Run(() => DropAsync(stem));
        lock (_gate)
        {
            _drops.Add(drop);
        }

        _ = drop.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _drops.Remove(done);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Ends a kind's run of specialisation failures: a stem of it became a sandbox.</summary>
    public void Specialized(StemCellKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (_gate)
        {
            PoolOf(kind).SpecializeFailures = 0;
        }
    }

    /// <summary>Completes when the stems <see cref="SpecializeFailed"/> is removing in the background are gone.</summary>
    public Task WhenDroppedAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_drops);
        }
    }

    /// <summary>Completes when no refill is running (at once when none is).</summary>
    public Task WhenRefilledAsync()
    {
        lock (_gate)
        {
            return _refilled.Task;
        }
    }

    public IReadOnlyList<PoolDescription> DescribePools()
    {
        var belowLowWater = BelowLowWater();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var shareLeftMb = _shareMb - _stemMemoryMb;
            var budgetLeftMb = _budget.FreeMb;
            return _pools.Values
                .OrderBy(p => p.Kind.Name, StringComparer.Ordinal).ThenBy(p => p.Kind.MemoryMb)
                .Select(p =>
                {
                    var held = p.Ready.Count + p.Starting;
                    var target = p.Sizer.Target(now);
                    // What the pool can reach now: its target, within the memory it may still take.
                    var reachable = belowLowWater
                        ? Math.Min(held, p.Sizer.Floor(now))
                        : held + (Math.Max(0, Math.Min(shareLeftMb, budgetLeftMb)) / p.Kind.MemoryMb);
                    return new PoolDescription(p.Kind.ToString(), p.Available, p.Starting, Math.Min(target, reachable));
                })
                .ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<IStemCell> ready;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync();
        await WhenRefilledAsync();
        lock (_gate)
        {
            ready = _pools.Values.SelectMany(p => p.Ready).ToList();
            foreach (var pool in _pools.Values)
            {
                pool.Ready.Clear();
            }

            _stemMemoryMb = 0;
        }

        await DropAllAsync(ready);
        await WhenDroppedAsync();
        _stopping.Dispose();
    }

    private StemCellKindPool PoolOf(StemCellKind kind)
    {
        if (!_pools.TryGetValue(kind, out var pool))
        {
            pool = new StemCellKindPool(kind, new PoolSizer(_options));
            _pools[kind] = pool;
        }

        return pool;
    }

    private bool BelowLowWater() => _host.AvailableMb() is { } available && available < _lowWaterMb;

    private async Task DropAllAsync(List<IStemCell> stems)
    {
        foreach (var stem in stems)
        {
            await DropAsync(stem);
        }
    }

    /// <summary>Disposes a stem that left its pool and gives its memory back to the node's budget.</summary>
    private async Task DropAsync(IStemCell stem)
    {
        try
        {
            await stem.DisposeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStemDisposeFailed(_logger, e, stem.Id);
        }
        finally
        {
            _budget.Release(stem.Kind.MemoryMb);
        }
    }

    private static TaskCompletionSource Done()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    [LoggerMessage(EventId = EventIds.StemKindBlocked, Level = LogLevel.Warning, Message = "Specialising stem cells of {Kind} failed {Failures} times in a row; none is used for {Backoff}")]
    private static partial void LogKindBlocked(ILogger logger, string kind, int failures, TimeSpan backoff);

    [LoggerMessage(EventId = EventIds.StemStartFailed, Level = LogLevel.Warning, Message = "Could not start a stem cell of {Kind}; trying again later")]
    private static partial void LogStemFailed(ILogger logger, Exception exception, string kind);

    [LoggerMessage(EventId = EventIds.StemDisposeFailed, Level = LogLevel.Warning, Message = "Could not remove stem cell {StemId}")]
    private static partial void LogStemDisposeFailed(ILogger logger, Exception exception, string stemId);
}
