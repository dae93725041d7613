using Kumo.Sandbox.Stems;

namespace Kumo.Invocation.Worker;

/// <summary>Upkeep of the pools: evicting stems under memory pressure, dropping dead and surplus ones.</summary>
internal sealed partial class StemCellPool
{
    /// <summary>
    /// Removes one ready stem to make room in the node's budget: with <paramref name="surplusOnly"/>, only one above its
    /// pool's target. Returns whether one went.
    /// </summary>
    public async Task<bool> EvictAsync(bool surplusOnly)
    {
        IStemCell? victim = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var pool in _pools.Values.OrderByDescending(p => p.Ready.Count))
            {
                if (pool.Ready.Count == 0 || (surplusOnly && pool.Ready.Count + pool.Starting <= pool.Sizer.Target(now)))
                {
                    continue;
                }

                // The oldest first: the newest has the most recent warm-up.
                victim = pool.Ready[0];
                pool.Ready.RemoveAt(0);
                _stemMemoryMb -= victim.Kind.MemoryMb;
                break;
            }
        }

        if (victim is null)
        {
            return false;
        }

        await DropAsync(victim);
        return true;
    }

    /// <summary>
    /// Drops dead stems, removes stems that stayed above their pool's target for longer than
    /// <see cref="PrewarmOptions.SurplusGrace"/> (at once down to the floor while the host is below the low-water mark),
    /// and refills what is missing.
    /// </summary>
    public async Task MaintainAsync()
    {
        if (!_options.Enabled)
        {
            return;
        }

        var belowLowWater = BelowLowWater();
        List<IStemCell> drop = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            foreach (var pool in _pools.Values)
            {
                foreach (var dead in pool.Ready.Where(s => !s.IsAvailable).ToList())
                {
                    pool.Ready.Remove(dead);
                    _stemMemoryMb -= dead.Kind.MemoryMb;
                    drop.Add(dead);
                }

                var target = pool.Sizer.Target(now);
                var keep = belowLowWater ? Math.Min(target, pool.Sizer.Floor(now)) : target;
                var surplus = Math.Min(pool.Ready.Count + pool.Starting - keep, pool.Ready.Count);
                if (surplus <= 0)
                {
                    pool.SurplusSince = null;
                    continue;
                }

                pool.SurplusSince ??= now;
                if (!belowLowWater && now - pool.SurplusSince < _options.SurplusGrace)
                {
                    continue;
                }

                for (var i = 0; i < surplus; i++)
                {
                    var stem = pool.Ready[0];
                    pool.Ready.RemoveAt(0);
                    _stemMemoryMb -= stem.Kind.MemoryMb;
                    drop.Add(stem);
                }

                pool.SurplusSince = null;
            }
        }

        await DropAllAsync(drop);
        Kick();
    }
}
