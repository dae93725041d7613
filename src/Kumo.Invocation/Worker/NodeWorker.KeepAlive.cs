using Kumo.Invocation.Placement;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>The keep-alive side of the node's sandboxes: until when each idle one stays, and the pre-warms planned.</summary>
internal sealed partial class NodeWorker
{
    /// <summary>The keep-alive's timetable of this node: the pre-warms planned, and the wake-up of its loop.</summary>
    public KeepAliveTimetable KeepAlive { get; } = new();

    /// <summary>
    /// Ends an invocation's hold on its sandbox and hands it back to the function's coordinator: a reusable sandbox is
    /// idle here before the coordinator lists it (so that an invocation it sends there at once can claim it), for the
    /// fixed <paramref name="idleTimeout"/> until the coordinator answers; its <see cref="ReturnDecision"/> then sets until
    /// when it stays, or it is removed, and may plan a pre-warm of the function on this node.
    /// </summary>
    /// <param name="coordinator">The function's coordinator.</param>
    /// <param name="sandbox">The sandbox the invocation ran on; null when none was made.</param>
    /// <param name="revisionId">The revision the invocation ran.</param>
    /// <param name="function">The function, for a pre-warm.</param>
    /// <param name="idleTimeout">The function's fixed idle time.</param>
    /// <returns>The coordinator's decision; <see cref="ReturnDecision.Discard"/> when it could not be reached.</returns>
    public async Task<ReturnDecision> HandBackAsync(
        IFunctionGrain coordinator, WorkerSandbox? sandbox, string revisionId, PreWarmTarget function, TimeSpan idleTimeout)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        var ended = time.GetUtcNow();
        var reusable = sandbox?.Sandbox.IsReusable ?? false;
        var idlePeriod = 0;
        if (sandbox is not null && reusable)
        {
            idlePeriod = MarkIdle(sandbox, ended + idleTimeout);
        }

        ReturnDecision decision;
        try
        {
            decision = await coordinator.ReturnAsync(
                new SandboxReturn(sandbox?.Id, revisionId, NodeId, reusable, ended, sandbox?.Provisioned ?? false));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException or OperationCanceledException)
        {
            // The silo is stopping: the sandbox is not kept.
            LogReturnFailed(logger, e, sandbox?.Id);
            decision = ReturnDecision.Discard;
        }

        if (decision is { PreWarmAt: { } preWarmAt, PreWarmUntil: { } preWarmUntil })
        {
            KeepAlive.PlanPreWarm(function, preWarmAt, preWarmUntil);
        }

        if (sandbox is not null && !decision.Keep)
        {
            await DiscardAsync(sandbox);
        }
        else if (sandbox is not null)
        {
            KeepIdleUntil(sandbox, idlePeriod, decision.KeepUntil);
        }

        return decision;
    }

    /// <summary>
    /// Puts a warm start's new sandbox idle until <paramref name="keepUntil"/> before its coordinator lists it, so that an
    /// invocation the coordinator sends there at once can claim it; until <see cref="EndListing"/>, neither the
    /// keep-alive nor a memory reservation removes it (<see cref="WorkerSandbox.AwaitingListing"/>).
    /// </summary>
    public void MarkIdleUnlisted(WorkerSandbox sandbox, DateTimeOffset keepUntil)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        sandbox.AwaitingListing = true;
        MarkIdle(sandbox, keepUntil);
    }

    /// <summary>Ends the wait <see cref="MarkIdleUnlisted"/> began: the sandbox is the keep-alive's again.</summary>
    public void EndListing(WorkerSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        sandbox.AwaitingListing = false;
        // Its unload time may have passed by the keep-alive's loop while it waited.
        KeepAlive.Due(sandbox.ExpiresAt);
    }

    /// <summary>
    /// Moves the unload time of an idle sandbox, for the idle spell <paramref name="idlePeriod"/> only; false when it
    /// was claimed or removed since, or is provisioned.
    /// </summary>
    public bool KeepIdleUntil(WorkerSandbox sandbox, int idlePeriod, DateTimeOffset keepUntil)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        if (!sandbox.KeepUntil(idlePeriod, keepUntil))
        {
            return false;
        }

        KeepAlive.Due(keepUntil);
        return true;
    }

    /// <summary>This node's most recently used idle sandbox of a function's revision, or null.</summary>
    public WorkerSandbox? FindIdle(string functionKey, string revisionId) =>
        _sandboxes.Values
            .Where(s => s.IsIdle && s.FunctionKey == functionKey && s.RevisionId == revisionId)
            .MaxBy(s => s.LastUsed);

    /// <summary>When the next idle sandbox is to be unloaded (provisioned ones never are); null when none is idle.</summary>
    public DateTimeOffset? NextExpiryAt()
    {
        DateTimeOffset? next = null;
        foreach (var sandbox in _sandboxes.Values)
        {
            if (sandbox is { IsIdle: true, Provisioned: false, AwaitingListing: false } && (next is null || sandbox.ExpiresAt < next))
            {
                next = sandbox.ExpiresAt;
            }
        }

        return next;
    }

    [LoggerMessage(EventId = EventIds.ReturnFailed, Level = LogLevel.Warning, Message = "Could not hand sandbox {SandboxId} back to its coordinator; removing it")]
    private static partial void LogReturnFailed(ILogger logger, Exception exception, string? sandboxId);
}
