namespace Kumo.Invocation.Placement;

/// <summary>
/// One function's coordinator. Orleans runs its calls one at a time, so its counts need no locks. Idle sandboxes
/// are handed out most recently used first (their caches are warmest); the worker retires the least recently
/// used when they idle out or memory runs short.
/// </summary>
internal sealed class FunctionGrain : Grain, IFunctionGrain
{
    private readonly List<IdleSandbox> _idle = [];
    private string? _revision;
    private long _revisionStamp;
    private int _running;

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

    public Task<bool> ReturnAsync(SandboxReturn returned)
    {
        ArgumentNullException.ThrowIfNull(returned);
        // Never below zero: an activation that was collected and made afresh starts counting again from nothing.
        _running = Math.Max(0, _running - 1);
        var keep = returned is { Reusable: true, SandboxId: not null }
            && string.Equals(returned.RevisionId, _revision, StringComparison.Ordinal);
        if (keep)
        {
            _idle.Add(new IdleSandbox(returned.SandboxId!, returned.RevisionId, returned.NodeId));
        }

        return Task.FromResult(keep);
    }

    public Task<bool> OfferAsync(IdleSandbox sandbox, long revisionStamp)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        if (_revision is null)
        {
            // Nothing placed on this activation yet: the offered revision is the current one until a placement
            // with a newer stamp says otherwise.
            _revision = sandbox.RevisionId;
            _revisionStamp = revisionStamp;
        }

        if (!string.Equals(_revision, sandbox.RevisionId, StringComparison.Ordinal)
            || _idle.Exists(s => string.Equals(s.SandboxId, sandbox.SandboxId, StringComparison.Ordinal)))
        {
            return Task.FromResult(false);
        }

        _idle.Add(sandbox);
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
        return Task.FromResult(ids);
    }
}
