using Kumo.Sandbox.Stems;

namespace Kumo.Invocation.Worker;

/// <summary>
/// The refills of <see cref="StemCellPool"/>: in the background, at most <see cref="PrewarmOptions.RefillConcurrency"/>
/// stems starting at once and one per kind, the kind furthest below its target first, within the memory share and the
/// node's budget (yielding to the request path).
/// </summary>
internal sealed partial class StemCellPool
{
    /// <summary>Starts a refill in the background unless enough are running; a running one plans again after each stem.</summary>
    private void Kick()
    {
        lock (_gate)
        {
            if (_disposed || !_options.Enabled || _refillers >= _options.RefillConcurrency)
            {
                return;
            }

            if (_refillers == 0)
            {
                _refilled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _refillers++;
        }

        _ = Task.Run(RefillAsync);
    }

    private async Task RefillAsync()
    {
        while (true)
        {
            var belowLowWater = BelowLowWater();
            StemCellKindPool? pool;
            TaskCompletionSource? done = null;
            lock (_gate)
            {
                pool = belowLowWater || _disposed ? null : Plan();
                if (pool is null)
                {
                    // Under the same lock as the plan: a demand counted after this kicks a refill of its own.
                    if (--_refillers == 0)
                    {
                        done = _refilled;
                    }
                }
            }

            if (pool is null)
            {
                done?.TrySetResult();
                return;
            }

            await StartAsync(pool);
        }
    }

    /// <summary>The pool to start a stem for next (the one furthest below its target that fits in memory), its memory reserved; null when none.</summary>
    private StemCellKindPool? Plan()
    {
        var now = _time.GetUtcNow();
        var candidates = _pools.Values
            .Where(p => p.Starting == 0 && p.BlockedUntil <= now && p.TakeBlockedUntil <= now)
            .Select(p => (Pool: p, Missing: p.Sizer.Target(now) - p.Available - p.Starting))
            .Where(c => c.Missing > 0)
            .OrderByDescending(c => c.Missing);
        foreach (var (pool, _) in candidates)
        {
            var memoryMb = pool.Kind.MemoryMb;
            if (_stemMemoryMb + memoryMb > _shareMb || !_budget.TryReserve(memoryMb, yieldToClaims: true))
            {
                continue;
            }

            _stemMemoryMb += memoryMb;
            pool.Starting++;
            return pool;
        }

        return null;
    }

    private async Task StartAsync(StemCellKindPool pool)
    {
        var kind = pool.Kind;
        var started = _time.GetUtcNow();
        IStemCell? stem = null;
        try
        {
            stem = await _driver.CreateStemCellAsync(kind, _stopping.Token);
            await stem.Ready.WaitAsync(_options.StemReadyTimeout, _time, _stopping.Token);
            var kept = false;
            lock (_gate)
            {
                pool.Starting--;
                if (!_disposed && stem.IsAvailable)
                {
                    pool.Ready.Add(stem);
                    pool.Sizer.RecordStart(_time.GetUtcNow() - started);
                    kept = true;
                }
                else
                {
                    _stemMemoryMb -= kind.MemoryMb;
                }
            }

            if (!kept)
            {
                await DropAsync(stem);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            lock (_gate)
            {
                pool.Starting--;
                _stemMemoryMb -= kind.MemoryMb;
                pool.BlockedUntil = _time.GetUtcNow() + _options.FailureBackoff;
            }

            if (!_stopping.IsCancellationRequested)
            {
                LogStemFailed(_logger, e, kind.ToString());
            }

            if (stem is null)
            {
                _budget.Release(kind.MemoryMb);
            }
            else
            {
                await DropAsync(stem);
            }
        }
    }
}
