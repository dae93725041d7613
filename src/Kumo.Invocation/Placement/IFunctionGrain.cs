namespace Kumo.Invocation.Placement;

/// <summary>
/// The coordinator of one function (key <c>{tenant}/{name}</c>): it counts the function's running invocations
/// against its reserved concurrency and keeps the directory of its idle warm sandboxes, so that each invocation
/// is placed on a warm sandbox when there is one. It coordinates only; the worker does the I/O.
/// </summary>
internal interface IFunctionGrain : IGrainWithStringKey
{
    /// <summary>Admits one invocation and says where it runs: on an idle warm sandbox, on a new one, or not at all.</summary>
    Task<PlacementDecision> PlaceAsync(PlacementRequest request);

    /// <summary>
    /// Ends an admitted invocation. Returns whether the sandbox should be kept as idle and warm, and until when; when
    /// not, the worker removes it (it is broken, the function changed since it started, or the keep-alive policy
    /// expects the next invocation only later). The decision may also ask the node to load a sandbox for the function
    /// again later (a pre-warm), which the node then offers with <see cref="OfferAsync"/>.
    /// </summary>
    Task<ReturnDecision> ReturnAsync(SandboxReturn returned);

    /// <summary>
    /// Lists a sandbox started ahead of need (a keep-alive pre-warm or a provisioned instance), initialised and idle
    /// on its node, as warm. Idempotent: a sandbox listed already stays listed once, and the answer is true again (the
    /// node offers its provisioned sandboxes on every reconcile pass, so that a new activation lists them). Returns false
    /// when its revision is not the function's current one; the worker removes it then. <paramref name="revisionStamp"/>
    /// is the revision's stamp, as in <see cref="PlacementRequest.RevisionStamp"/>.
    /// </summary>
    Task<bool> OfferAsync(IdleSandbox sandbox, long revisionStamp);

    /// <summary>Takes an idle sandbox out of the directory so the worker may remove it; false when it was not idle here.</summary>
    Task<bool> RetireAsync(string sandboxId);

    /// <summary>Forgets every idle sandbox (the function was deleted) and returns their ids for the worker to remove.</summary>
    Task<IReadOnlyList<string>> ForgetAsync();
}
