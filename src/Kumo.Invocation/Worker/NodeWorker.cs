using System.Collections.Concurrent;
using Kumo.Invocation.Placement;
using Kumo.Sandbox;
using Kumo.Sandbox.Stems;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>
/// This node's sandboxes: it makes them, lends them to invocations, keeps them warm, and removes them when they
/// idle out, when their function changes, or when memory runs short (least recently used first). It also holds
/// the node's limits: how many invocations run at once, and how much memory all sandboxes may be sized to. Its
/// pools of pre-warmed stem cells (<see cref="Pool"/>) share that memory.
/// </summary>
internal sealed partial class NodeWorker(
    ISandboxDriver driver,
    IGrainFactory grains,
    FunctionsOptions options,
    TimeProvider time,
    ILogger<NodeWorker> logger,
    IHostMemory? hostMemory = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WorkerSandbox> _sandboxes = new(StringComparer.Ordinal);
    private readonly StemCellPool _pool = new(
        driver, options.Prewarm, new MemoryBudget(options.EffectiveMemoryBudgetMb), hostMemory ?? new ProcMemInfo(), time, logger);
    private int _running;

    /// <summary>This node's id in placement decisions.</summary>
    public string NodeId { get; } = Environment.MachineName + "/" + Environment.ProcessId;

    /// <summary>How many sandboxes this node has, busy or idle.</summary>
    public int SandboxCount => _sandboxes.Count;

    /// <summary>How many of them are idle.</summary>
    public int IdleCount => _sandboxes.Values.Count(s => s.IsIdle);

    /// <summary>Takes one of the node's invocation slots; false when all are in use.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _running) <= options.MaxConcurrency)
        {
            return true;
        }

        Interlocked.Decrement(ref _running);
        return false;
    }

    /// <summary>Gives back a slot taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _running);

    /// <summary>
    /// Claims the idle sandbox the coordinator chose; null when it is gone, was retired meanwhile, or its runtime
    /// died while it waited (it is removed then, so that no event goes to a dead runtime).
    /// </summary>
    public WorkerSandbox? TryClaim(string sandboxId)
    {
        if (!_sandboxes.TryGetValue(sandboxId, out var sandbox) || !sandbox.TryClaim())
        {
            return null;
        }

        if (sandbox.Sandbox.IsReusable)
        {
            return sandbox;
        }

        _ = DiscardAsync(sandbox);
        return null;
    }

    /// <summary>The most memory one sandbox may have on this node.</summary>
    public int MemoryBudgetMb => Memory.TotalMb;

    /// <summary>The node's memory budget: sandboxes and stem cells reserve their memory size in it.</summary>
    public MemoryBudget Memory => _pool.Budget;

    /// <summary>This node's pools of pre-warmed stem cells.</summary>
    public StemCellPool Pool => _pool;

    /// <summary>Every sandbox this node has now, busy or idle.</summary>
    public IReadOnlyList<WorkerSandbox> ListSandboxes() => [.. _sandboxes.Values];

    /// <summary>
    /// Makes a sandbox for <paramref name="spec"/>, busy for the caller. Returns null when the node's memory budget
    /// has no room even after removing idle sandboxes.
    /// </summary>
    /// <exception cref="SandboxException">The platform could not start it.</exception>
    public Task<WorkerSandbox?> CreateAsync(SandboxSpec spec, string functionKey, string revisionId, CancellationToken cancellationToken) =>
        CreateAsync(spec, functionKey, revisionId, SandboxOrigin.Created, cancellationToken);

    /// <summary>
    /// Gets a sandbox for <paramref name="spec"/>, busy for the caller: a ready stem cell of its kind, specialised for
    /// it, when the pool has one (the stem's memory reservation passes to the sandbox), else a new one as
    /// <see cref="CreateAsync(SandboxSpec, string, string, CancellationToken)"/> makes it (also when pools are off or the
    /// driver has no stem that fits). Either way the pool counts the demand and refills in the background. Returns null
    /// when the node's memory budget has no room even after removing surplus stems, idle sandboxes and then stems.
    /// </summary>
    /// <param name="spec">What the sandbox runs.</param>
    /// <param name="functionKey">The function's coordinator key.</param>
    /// <param name="revisionId">The function revision it runs (<see cref="SandboxRevision"/>).</param>
    /// <param name="origin">
    /// <see cref="SandboxOrigin.Created"/> for an invocation (the sandbox's origin is then <see cref="SandboxOrigin.Stem"/>
    /// or <see cref="SandboxOrigin.Created"/>); <see cref="SandboxOrigin.PreWarmed"/> or <see cref="SandboxOrigin.Provisioned"/>
    /// for one made ahead of need, which keeps that origin however it was made.
    /// </param>
    /// <param name="cancellationToken">Stops the wait; a stem being specialised is removed then.</param>
    /// <exception cref="SandboxException">The platform could not start a new sandbox.</exception>
    public async Task<WorkerSandbox?> AcquireAsync(
        SandboxSpec spec, string functionKey, string revisionId, SandboxOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (TakeStem(spec) is { } stem)
        {
            ISandbox specialized;
            try
            {
                specialized = await stem.SpecializeAsync(spec, cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Never back to the pool: whatever happened to it, it may be half specialised. The driver disposed
                // it already when it says the hand-over failed; otherwise the pool removes it in the background, off
                // this request's path. A spec that did not fit or a cancelled request says nothing against the kind;
                // any other failure counts towards leaving the kind alone for a while.
                _pool.SpecializeFailed(stem, disposed: e is SandboxException, countsAsFailure: e is not (ArgumentException or OperationCanceledException));
                if (e is OperationCanceledException)
                {
                    throw;
                }

                LogSpecializeFailed(logger, e, stem.Id, functionKey);
                return await CreateAsync(spec, functionKey, revisionId, origin, cancellationToken);
            }

            _pool.Specialized(stem.Kind);
            return Own(specialized, functionKey, revisionId, spec.MemoryMb, origin == SandboxOrigin.Created ? SandboxOrigin.Stem : origin);
        }

        return await CreateAsync(spec, functionKey, revisionId, origin, cancellationToken);
    }

    private async Task<WorkerSandbox?> CreateAsync(
        SandboxSpec spec, string functionKey, string revisionId, SandboxOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!await ReserveMemoryAsync(spec.MemoryMb))
        {
            return null;
        }

        try
        {
            var sandbox = await driver.CreateAsync(spec, cancellationToken);
            return Own(sandbox, functionKey, revisionId, spec.MemoryMb, origin);
        }
        catch
        {
            Memory.Release(spec.MemoryMb);
            throw;
        }
    }

    /// <summary>A pool's ready stem that can become <paramref name="spec"/>'s sandbox, with its memory reservation; null when none.</summary>
    private IStemCell? TakeStem(SandboxSpec spec)
    {
        if (!_pool.Enabled)
        {
            return null;
        }

        var kind = driver.StemCellFor(spec, out var reason);
        if (kind is null || kind.MemoryMb != spec.MemoryMb)
        {
            LogStemNotUsed(logger, spec.FunctionName, kind is null ? reason ?? "no stem cell fits" : $"the driver named a stem of {kind}");
            return null;
        }

        return _pool.TryTake(kind);
    }

    private WorkerSandbox Own(ISandbox sandbox, string functionKey, string revisionId, int memoryMb, SandboxOrigin origin)
    {
        var owned = new WorkerSandbox(sandbox, functionKey, revisionId, memoryMb, time.GetUtcNow()) { Origin = origin };
        _sandboxes[owned.Id] = owned;
        return owned;
    }

    /// <summary>Ends a sandbox's invocation: keeps it warm, or removes it.</summary>
    public async Task ReleaseAsync(WorkerSandbox sandbox, bool keep)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        if (keep && sandbox.Sandbox.IsReusable)
        {
            MarkIdle(sandbox);
            return;
        }

        await DiscardAsync(sandbox);
    }

    /// <summary>Puts a busy sandbox back to wait for the next invocation, for the node's fixed idle time.</summary>
    public void MarkIdle(WorkerSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        MarkIdle(sandbox, time.GetUtcNow() + options.IdleTimeout);
    }

    /// <summary>
    /// Puts a busy sandbox back to wait for the next invocation until <paramref name="keepUntil"/> (a provisioned one
    /// waits without end); returns its new <see cref="WorkerSandbox.IdlePeriod"/>, for <see cref="KeepIdleUntil"/>.
    /// </summary>
    public int MarkIdle(WorkerSandbox sandbox, DateTimeOffset keepUntil)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var period = sandbox.Release(time.GetUtcNow(), keepUntil);
        KeepAlive.Due(sandbox.ExpiresAt);
        return period;
    }

    /// <summary>Removes a sandbox this caller holds (busy, or idle but no longer in the coordinator's directory).</summary>
    public async Task DiscardAsync(WorkerSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        sandbox.Retire();
        await RemoveAsync(sandbox);
    }

    /// <summary>Removes sandboxes the coordinator already took out of its directory (stale or forgotten ones).</summary>
    public async Task RemoveAsync(IEnumerable<string> sandboxIds)
    {
        ArgumentNullException.ThrowIfNull(sandboxIds);
        foreach (var id in sandboxIds)
        {
            if (_sandboxes.TryGetValue(id, out var sandbox) && sandbox.TryRetire())
            {
                await RemoveAsync(sandbox);
            }
        }
    }

    /// <summary>
    /// Removes idle sandboxes whose keep-alive ran out (<see cref="WorkerSandbox.ExpiresAt"/> now or earlier), never a
    /// provisioned one; returns how many went.
    /// </summary>
    public async Task<int> RemoveIdleAsync()
    {
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var sandbox in _sandboxes.Values.Where(s => s is { IsIdle: true, Provisioned: false, AwaitingListing: false } && s.ExpiresAt <= now).ToList())
        {
            if (await RetireIdleAsync(sandbox))
            {
                removed++;
            }
        }

        return removed;
    }

    public async ValueTask DisposeAsync()
    {
        // The pools first: no stem starts after this, and every stem is removed.
        await _pool.DisposeAsync();
        foreach (var sandbox in _sandboxes.Values.ToList())
        {
            sandbox.Retire();
            await RemoveAsync(sandbox);
        }
    }

    private async Task<bool> ReserveMemoryAsync(int memoryMb)
    {
        if (memoryMb > Memory.TotalMb)
        {
            // It can never fit: removing every idle sandbox on the node would not help.
            return false;
        }

        // Refills wait while this makes room: what it frees is for this request.
        Memory.BeginClaim();
        try
        {
            while (!Memory.TryReserve(memoryMb))
            {
                // Room is made cheapest loss first: a stem above its pool's target, then the least recently used idle
                // sandbox (never a provisioned one: its setting asks for it), then any stem.
                if (await _pool.EvictAsync(surplusOnly: true))
                {
                    continue;
                }

                var oldest = _sandboxes.Values.Where(s => s is { IsIdle: true, Provisioned: false, AwaitingListing: false }).MinBy(s => s.LastUsed);
                if (oldest is not null)
                {
                    await RetireIdleAsync(oldest);
                    continue;
                }

                if (!await _pool.EvictAsync(surplusOnly: false))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            Memory.EndClaim();
        }
    }

    /// <summary>
    /// Takes an idle sandbox out of its coordinator's directory and removes it; false when it was not idle (an
    /// invocation claimed it first, or it is being removed already).
    /// </summary>
    public async Task<bool> RetireIdleAsync(WorkerSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        if (!sandbox.TryRetire())
        {
            return false;
        }

        try
        {
            // Out of the directory first, so the coordinator stops handing it out; a claim that raced us fails
            // (the sandbox is no longer idle here) and that invocation starts a new sandbox instead.
            await grains.GetGrain<IFunctionGrain>(sandbox.FunctionKey).RetireAsync(sandbox.Id);
            LogSandboxRetired(logger, sandbox.Id, sandbox.FunctionKey);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException or OperationCanceledException)
        {
            // Removed all the same: a directory entry left behind only makes one claim fail.
            LogRetireFailed(logger, e, sandbox.Id);
        }
        finally
        {
            await RemoveAsync(sandbox);
        }

        return true;
    }

    private async Task RemoveAsync(WorkerSandbox sandbox)
    {
        if (!_sandboxes.TryRemove(sandbox.Id, out _))
        {
            return;
        }

        try
        {
            await sandbox.Sandbox.DisposeAsync();
        }
        catch (Exception e)
        {
            LogDisposeFailed(logger, e, sandbox.Id);
        }
        finally
        {
            Memory.Release(sandbox.MemoryMb);
        }
    }

    [LoggerMessage(EventId = EventIds.SandboxRetired, Level = LogLevel.Debug, Message = "Removed idle sandbox {SandboxId} of {Function}")]
    private static partial void LogSandboxRetired(ILogger logger, string sandboxId, string function);

    [LoggerMessage(EventId = EventIds.RetireFailed, Level = LogLevel.Warning, Message = "Could not take sandbox {SandboxId} out of its coordinator's directory; removing it anyway")]
    private static partial void LogRetireFailed(ILogger logger, Exception exception, string sandboxId);

    [LoggerMessage(EventId = EventIds.SandboxDisposeFailed, Level = LogLevel.Warning, Message = "Could not remove sandbox {SandboxId}")]
    private static partial void LogDisposeFailed(ILogger logger, Exception exception, string sandboxId);

    [LoggerMessage(EventId = EventIds.StemSpecializeFailed, Level = LogLevel.Warning, Message = "Could not specialise stem cell {StemId} for {Function}; making a new sandbox instead")]
    private static partial void LogSpecializeFailed(ILogger logger, Exception exception, string stemId, string function);

    [LoggerMessage(EventId = EventIds.StemNotUsed, Level = LogLevel.Debug, Message = "No stem cell for {Function}: {Reason}")]
    private static partial void LogStemNotUsed(ILogger logger, string function, string reason);
}
