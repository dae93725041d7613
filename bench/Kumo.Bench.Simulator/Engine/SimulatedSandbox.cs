namespace Kumo.Bench.Simulator.Engine;

/// <summary>One simulated sandbox of a function: no process, only what the replay needs to count.</summary>
internal struct SimulatedSandbox
{
    /// <summary>Where it is in its life.</summary>
    public SimulatedSandboxState State;

    /// <summary>When it last became idle, in ticks from the trace's start.</summary>
    public long IdleSince;

    /// <summary>Counts its changes of state, so that stale entries of the idle stack can be told from current ones.</summary>
    public int Epoch;

    /// <summary>Loaded by a pre-warm and not yet used by an invocation.</summary>
    public bool PreWarmedUnused;
}
