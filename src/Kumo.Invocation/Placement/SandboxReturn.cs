namespace Kumo.Invocation.Placement;

/// <summary>The end of an admitted invocation.</summary>
/// <param name="SandboxId">The sandbox it ran on, or null when none was started (the node could not make one).</param>
/// <param name="RevisionId">The revision it ran.</param>
/// <param name="NodeId">The node it ran on.</param>
/// <param name="Reusable">Whether the sandbox may take another invocation.</param>
/// <param name="EndedAt">When it ended, on that node's clock: the keep-alive's times count from here.</param>
/// <param name="Provisioned">Whether the sandbox is kept ready by a provisioned concurrency setting: it is kept without end.</param>
[GenerateSerializer, Immutable]
internal sealed record SandboxReturn(
    [property: Id(0)] string? SandboxId,
    [property: Id(1)] string RevisionId,
    [property: Id(2)] string NodeId,
    [property: Id(3)] bool Reusable,
    [property: Id(4)] DateTimeOffset EndedAt = default,
    [property: Id(5)] bool Provisioned = false);
