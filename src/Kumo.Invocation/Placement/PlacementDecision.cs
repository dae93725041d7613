namespace Kumo.Invocation.Placement;

/// <summary>The coordinator's answer to a <see cref="PlacementRequest"/>.</summary>
/// <param name="Kind">Warm, cold or throttled.</param>
/// <param name="SandboxId">For <see cref="PlacementKind.Warm"/>: the sandbox to use.</param>
/// <param name="Stale">Idle sandboxes of an older revision, now out of the directory, for their node to remove.</param>
[GenerateSerializer, Immutable]
internal sealed record PlacementDecision(
    [property: Id(0)] PlacementKind Kind,
    [property: Id(1)] string? SandboxId,
    [property: Id(2)] IReadOnlyList<IdleSandbox> Stale);
