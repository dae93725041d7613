using System.Collections.Concurrent;
using Kumo.Invocation.Placement;
using Kumo.Sandbox;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>
/// This node's sandboxes: it makes them, lends them to invocations, keeps them warm, and removes them when they
/// idle out, when their function changes, or when memory runs short (least recently used first). It also holds
/// the node's limits: how many invocations run at once, and how much memory all sandboxes may be sized to.
/// </summary>
internal sealed partial class NodeWorker(
    ISandboxDriver driver,
    IGrainFactory grains,
    FunctionsOptions options,
    TimeProvider time,
    ILogger<NodeWorker> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WorkerSandbox> _sandboxes = new(StringComparer.Ordinal);
    private readonly Lock _memoryGate = new();
    private readonly int _memoryBudgetMb = options.EffectiveMemoryBudgetMb;
    private int _running;
    private int _reservedMemoryMb;

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
    public int MemoryBudgetMb => _memoryBudgetMb;

    /// <summary>
    /// Makes a sandbox for <paramref name="spec"/>, busy for the caller. Returns null when the node's memory budget
    /// has no room even after removing idle sandboxes.
    /// </summary>
    /// <exception cref="SandboxException">The platform could not start it.</exception>
    public async Task<WorkerSandbox?> CreateAsync(SandboxSpec spec, string functionKey, string revisionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!await ReserveMemoryAsync(spec.MemoryMb))
        {
            return null;
        }

        try
        {
            var sandbox = await driver.CreateAsync(spec, cancellationToken);
            var owned = new WorkerSandbox(sandbox, functionKey, revisionId, spec.MemoryMb, time.GetUtcNow());
            _sandboxes[owned.Id] = owned;
            return owned;
        }
        catch
        {
            ReleaseMemory(spec.MemoryMb);
            throw;
        }
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

    /// <summary>Puts a busy sandbox back to wait for the next invocation.</summary>
    public void MarkIdle(WorkerSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        sandbox.Release(time.GetUtcNow());
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

    /// <summary>Removes idle sandboxes that have waited longer than the idle timeout; returns how many went.</summary>
    public async Task<int> RemoveIdleAsync()
    {
        var cutoff = time.GetUtcNow() - options.IdleTimeout;
        var removed = 0;
        foreach (var sandbox in _sandboxes.Values.Where(s => s.IsIdle && s.LastUsed <= cutoff).ToList())
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
        foreach (var sandbox in _sandboxes.Values.ToList())
        {
            sandbox.Retire();
            await RemoveAsync(sandbox);
        }
    }

    private async Task<bool> ReserveMemoryAsync(int memoryMb)
    {
        if (memoryMb > _memoryBudgetMb)
        {
            // It can never fit: removing every idle sandbox on the node would not help.
            return false;
        }

        while (true)
        {
            lock (_memoryGate)
            {
                if (_reservedMemoryMb + memoryMb <= _memoryBudgetMb)
                {
                    _reservedMemoryMb += memoryMb;
                    return true;
                }
            }

            var oldest = _sandboxes.Values.Where(s => s.IsIdle).MinBy(s => s.LastUsed);
            if (oldest is null)
            {
                return false;
            }

            await RetireIdleAsync(oldest);
        }
    }

    private void ReleaseMemory(int memoryMb)
    {
        lock (_memoryGate)
        {
            _reservedMemoryMb -= memoryMb;
        }
    }

    private async Task<bool> RetireIdleAsync(WorkerSandbox sandbox)
    {
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
            ReleaseMemory(sandbox.MemoryMb);
        }
    }

    [LoggerMessage(EventId = EventIds.SandboxRetired, Level = LogLevel.Debug, Message = "Removed idle sandbox {SandboxId} of {Function}")]
    private static partial void LogSandboxRetired(ILogger logger, string sandboxId, string function);

    [LoggerMessage(EventId = EventIds.RetireFailed, Level = LogLevel.Warning, Message = "Could not take sandbox {SandboxId} out of its coordinator's directory; removing it anyway")]
    private static partial void LogRetireFailed(ILogger logger, Exception exception, string sandboxId);

    [LoggerMessage(EventId = EventIds.SandboxDisposeFailed, Level = LogLevel.Warning, Message = "Could not remove sandbox {SandboxId}")]
    private static partial void LogDisposeFailed(ILogger logger, Exception exception, string sandboxId);
}
