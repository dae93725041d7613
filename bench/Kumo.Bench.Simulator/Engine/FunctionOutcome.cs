namespace Kumo.Bench.Simulator.Engine;

/// <summary>What replaying one function under one policy gave.</summary>
/// <param name="Invocations">Arrivals within the trace.</param>
/// <param name="ColdStarts">Arrivals that found no loaded idle sandbox.</param>
/// <param name="IdleSeconds">Sandbox-seconds loaded but not running an invocation, until the trace's end.</param>
/// <param name="MemoryMb">The function's memory size.</param>
/// <param name="PreWarms">Sandboxes loaded ahead of an expected arrival.</param>
/// <param name="PreWarmsUsed">Pre-warmed sandboxes that ran an invocation before they were unloaded.</param>
/// <param name="PeakSandboxes">The most sandboxes loaded at once.</param>
/// <param name="Decisions">How many decisions the policy made for each <see cref="Kumo.Core.KeepAlive.KeepAliveReason"/>, by its value.</param>
internal sealed record FunctionOutcome(
    long Invocations,
    long ColdStarts,
    double IdleSeconds,
    double MemoryMb,
    long PreWarms,
    long PreWarmsUsed,
    int PeakSandboxes,
    IReadOnlyList<long> Decisions)
{
    /// <summary>Idle memory: idle seconds × memory, in GB·s.</summary>
    public double IdleGbSeconds => IdleSeconds * MemoryMb / 1024;
}
