namespace Kumo.Invocation.Placement;

/// <summary>
/// The coordinator's answer to a <see cref="SandboxReturn"/>: whether the node keeps the sandbox idle and until when,
/// and whether it loads one for the function again later (a pre-warm).
/// </summary>
/// <param name="Keep">Whether the sandbox stays idle and listed as warm; when false, the node removes it at once.</param>
/// <param name="KeepUntil">When the node unloads the idle sandbox (<see cref="DateTimeOffset.MaxValue"/>: never, a provisioned one).</param>
/// <param name="PreWarmAt">When the node loads a sandbox for the function's next invocation; null for no pre-warm.</param>
/// <param name="PreWarmUntil">Until when that pre-warmed sandbox stays loaded, unused; set with <paramref name="PreWarmAt"/>.</param>
[GenerateSerializer, Immutable]
internal sealed record ReturnDecision(
    [property: Id(0)] bool Keep,
    [property: Id(1)] DateTimeOffset KeepUntil,
    [property: Id(2)] DateTimeOffset? PreWarmAt = null,
    [property: Id(3)] DateTimeOffset? PreWarmUntil = null)
{
    /// <summary>The sandbox is removed and nothing is pre-warmed.</summary>
    public static ReturnDecision Discard { get; } = new(false, DateTimeOffset.MinValue);
}
