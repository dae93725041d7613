namespace Kumo.Abstractions.Functions;

/// <summary>How a function's idle sandboxes are kept loaded.</summary>
public enum KeepAlivePolicy
{
    /// <summary>Every idle sandbox is kept for one fixed idle time, then unloaded.</summary>
    Fixed,

    /// <summary>
    /// The function's idle times are learned: its sandbox is unloaded soon after an invocation when the next one is far
    /// away and loaded again shortly before it is expected, and kept longer when invocations are frequent (the hybrid
    /// histogram policy of Shahrad et al., USENIX ATC 2020).
    /// </summary>
    Adaptive,
}
