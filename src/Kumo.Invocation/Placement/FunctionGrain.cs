using Kumo.Core.KeepAlive;

namespace Kumo.Invocation.Placement;

/// <summary>
/// One function's coordinator. Orleans runs its calls one at a time, so its counts need no locks. Idle sandboxes
/// are handed out most recently used first (their caches are warmest); the worker retires the least recently
/// used when they idle out or memory runs short. It also keeps the function's keep-alive state: it learns the
/// idle times between invocations (from the times the nodes stamp, never its own clock) and decides, as each
/// invocation ends, how long its sandbox stays and whether to load one again later (docs/design/cold-starts.md §3).
/// </summary>
/// <param name="options">The platform's settings, for the adaptive policy's parameters; Kumo's defaults when absent.</param>
internal sealed class FunctionGrain(FunctionsOptions? options = null) : Grain, IFunctionGrain
{
    private readonly List<IdleSandbox> _idle = [];
    private readonly HybridHistogramOptions _hybrid = options?.KeepAliveHybrid ?? new HybridHistogramOptions();
    private string? _revision;
    private long _revisionStamp;
    private int _running;
    private FunctionKeepAlive? _keepAlive;
    private KeepAliveChoice _keepAliveChoice = KeepAliveChoice.Default;

    public Task<PlacementDecision> PlaceAsync(PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<IdleSandbox> stale = [];
        // Only forward: a request that read the function just before a change may arrive after one that read it
        // just after; it runs on a new sandbox of its own revision, and that sandbox is not kept.
        if (!string.Equals(_revision, request.RevisionId, StringComparison.Ordinal) && request.RevisionStamp >= _revisionStamp)
        {
            stale = _idle.Where(s => !string.Equals(s.RevisionId, request.RevisionId, StringComparison.Ordinal)).ToList();
            _idle.RemoveAll(s => !string.Equals(s.RevisionId, request.RevisionId, StringComparison.Ordinal));
            _revision = request.RevisionId;
            _revisionStamp = request.RevisionStamp;
        }

        if (request.ReservedConcurrency is { } reserved && _running >= reserved)
        {
            return Task.FromResult(new PlacementDecision(PlacementKind.Throttled, null, stale));
        }

        _running++;
        LearnArrival(request);
        var index = _idle.FindLastIndex(s => s.RevisionId == request.RevisionId && s.NodeId == request.NodeId);
        if (index < 0)
        {
            index = _idle.FindLastIndex(s => s.RevisionId == request.RevisionId);
        }

        if (index < 0)
        {
            return Task.FromResult(new PlacementDecision(PlacementKind.Cold, null, stale));
        }

        var warm = _idle[index];
        _idle.RemoveAt(index);
        return Task.FromResult(new PlacementDecision(PlacementKind.Warm, warm.SandboxId, stale));
    }

    public Task<ReturnDecision> ReturnAsync(SandboxReturn returned)
    {
        ArgumentNullException.ThrowIfNull(returned);
        // Never below zero: an activation that was collected and made afresh starts counting again from nothing.
        _running = Math.Max(0, _running - 1);
        var keep = returned is { Reusable: true, SandboxId: not null }
            && string.Equals(returned.RevisionId, _revision, StringComparison.Ordinal);
        var decision = DecideKeepAlive(returned.EndedAt);
        if (returned.Provisioned)
        {
            // Kept ready by its setting, whatever the policy says; and nothing to pre-warm while it is there.
            return Task.FromResult(new ReturnDecision(Listed(keep, returned), DateTimeOffset.MaxValue));
        }

        // A decision that pre-warms unloads this sandbox at once: the next invocation is expected only later.
        keep = Listed(keep && !decision.PreWarms, returned);
        return Task.FromResult(new ReturnDecision(keep, decision.UnloadAt, decision.PreWarmAt, decision.PreWarms ? decision.WarmUntil : null));
    }

    public Task<bool> OfferAsync(IdleSandbox sandbox, long revisionStamp)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        if (_revision is null || (revisionStamp > _revisionStamp && !string.Equals(_revision, sandbox.RevisionId, StringComparison.Ordinal)))
        {
            // Nothing placed on this activation yet, or the function changed since the last placement (a provisioned
            // sandbox of the new revision comes before any invocation of it): the offered revision is the current one
            // until a placement with a newer stamp says otherwise. Idle sandboxes of the old one are never handed out
            // again; their keep-alive or provisioned setting removes them.
            _revision = sandbox.RevisionId;
            _revisionStamp = revisionStamp;
        }

        if (!string.Equals(_revision, sandbox.RevisionId, StringComparison.Ordinal))
        {
            return Task.FromResult(false);
        }

        // Idempotent: the node offers its provisioned sandboxes again on every reconcile pass, since a new activation
        // of this grain (the old one was collected) knows none of them.
        if (!IsListed(sandbox.SandboxId))
        {
            _idle.Add(sandbox);
        }

        return Task.FromResult(true);
    }

    public Task<bool> RetireAsync(string sandboxId) =>
        Task.FromResult(_idle.RemoveAll(s => string.Equals(s.SandboxId, sandboxId, StringComparison.Ordinal)) > 0);

    public Task<IReadOnlyList<string>> ForgetAsync()
    {
        IReadOnlyList<string> ids = _idle.Select(s => s.SandboxId).ToList();
        _idle.Clear();
        _revision = null;
        _revisionStamp = 0;
        _keepAlive = null;
        return Task.FromResult(ids);
    }

    private bool Listed(bool keep, SandboxReturn returned)
    {
        if (!keep)
        {
            // The worker removes it: an entry a re-offer made while it ran would only send a claim to a dead sandbox.
            _idle.RemoveAll(s => string.Equals(s.SandboxId, returned.SandboxId, StringComparison.Ordinal));
        }
        else if (!IsListed(returned.SandboxId!))
        {
            // Never twice: a re-offer of an idle provisioned sandbox can reach the grain just before its return.
            _idle.Add(new IdleSandbox(returned.SandboxId!, returned.RevisionId, returned.NodeId, returned.Provisioned));
        }

        return keep;
    }

    private bool IsListed(string sandboxId) => _idle.Exists(s => string.Equals(s.SandboxId, sandboxId, StringComparison.Ordinal));

    /// <summary>Counts an admitted invocation in the keep-alive state, under the policy the request names.</summary>
    private void LearnArrival(PlacementRequest request)
    {
        var choice = request.KeepAlive ?? KeepAliveChoice.Default;
        if (_keepAlive is null)
        {
            _keepAlive = new FunctionKeepAlive(
                PolicyOf(choice), new IdleTimeHistogram(_hybrid.BinWidth, _hybrid.BinCount, _hybrid.MaxSamples), new EwmaIdleTimeForecaster());
        }
        else if (choice != _keepAliveChoice)
        {
            // The function's setting changed: decide by the new policy from now on, with what was learned so far.
            _keepAlive.Policy = PolicyOf(choice);
        }

        _keepAliveChoice = choice;
        _keepAlive.OnArrival(request.ArrivedAt);
    }

    /// <summary>
    /// What to do with the sandbox of an invocation that ended. The policy decides for the sandbox whose end leaves the
    /// function idle, the one the next invocation takes; a sandbox that ends while others still run was needed only for
    /// the concurrency of a burst and is kept for the fixed idle time, as the fixed policy would (the adaptive policy
    /// learns one function's idle times, not each sandbox's, and would unload these a minute after a busy spell).
    /// </summary>
    private KeepAliveDecision DecideKeepAlive(DateTimeOffset endedAt)
    {
        if (_keepAlive is { Running: > 0 } keepAlive)
        {
            var decision = keepAlive.OnCompletion(endedAt);
            if (keepAlive.Running == 0)
            {
                return decision;
            }
        }

        // Also an invocation whose arrival this activation did not see (it was made afresh meanwhile).
        return new KeepAliveDecision(endedAt, TimeSpan.Zero, _keepAliveChoice.IdleTimeout, KeepAliveReason.Fixed);
    }

    private IKeepAlivePolicy PolicyOf(KeepAliveChoice choice) =>
        choice.Adaptive ? new HybridHistogramPolicy(_hybrid, choice.IdleTimeout) : new FixedKeepAlivePolicy(choice.IdleTimeout);
}
