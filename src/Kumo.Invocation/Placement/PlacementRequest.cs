namespace Kumo.Invocation.Placement;

/// <summary>An invocation asking to be placed.</summary>
/// <param name="RevisionId">The function's sandbox revision (its code and the settings a sandbox is made with): only sandboxes of it are reused.</param>
/// <param name="ReservedConcurrency">The function's concurrency ceiling, or null for none.</param>
/// <param name="NodeId">The node asking: its own sandboxes are preferred.</param>
/// <param name="RevisionStamp">When that revision was made (ticks): an older one never displaces a newer one.</param>
/// <param name="ArrivedAt">When the invocation arrived, on the asking node's clock: the coordinator learns idle times from it and reads no clock.</param>
/// <param name="KeepAlive">How the function's idle sandboxes are kept; null for the fixed idle time of <see cref="KeepAliveChoice.Default"/>.</param>
[GenerateSerializer, Immutable]
internal sealed record PlacementRequest(
    [property: Id(0)] string RevisionId,
    [property: Id(1)] int? ReservedConcurrency,
    [property: Id(2)] string NodeId,
    [property: Id(3)] long RevisionStamp,
    [property: Id(4)] DateTimeOffset ArrivedAt = default,
    [property: Id(5)] KeepAliveChoice? KeepAlive = null);
