namespace Kumo.Invocation.Placement;

/// <summary>An invocation asking to be placed.</summary>
/// <param name="RevisionId">The function's current revision: only sandboxes of it are reused.</param>
/// <param name="ReservedConcurrency">The function's concurrency ceiling, or null for none.</param>
/// <param name="NodeId">The node asking: its own sandboxes are preferred.</param>
[GenerateSerializer, Immutable]
internal sealed record PlacementRequest(
    [property: Id(0)] string RevisionId,
    [property: Id(1)] int? ReservedConcurrency,
    [property: Id(2)] string NodeId);
