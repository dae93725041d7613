namespace Kumo.Invocation.Placement;

/// <summary>A warm sandbox waiting for an invocation.</summary>
/// <param name="SandboxId">The sandbox.</param>
/// <param name="RevisionId">The function revision it runs.</param>
/// <param name="NodeId">The node it lives on.</param>
/// <param name="Provisioned">Whether it is kept ready by a provisioned concurrency setting: the keep-alive never unloads it.</param>
[GenerateSerializer, Immutable]
internal sealed record IdleSandbox(
    [property: Id(0)] string SandboxId,
    [property: Id(1)] string RevisionId,
    [property: Id(2)] string NodeId,
    [property: Id(3)] bool Provisioned = false);
