namespace Kumo.Bench.Simulator.Engine;

/// <summary>Where a simulated sandbox is in its life.</summary>
internal enum SimulatedSandboxState : byte
{
    /// <summary>Gone: unloaded by the keep-alive.</summary>
    Unloaded,

    /// <summary>Running an invocation.</summary>
    Busy,

    /// <summary>Loaded and waiting for an invocation: the memory it holds is wasted until one comes.</summary>
    Idle,
}
