namespace Kumo.Core.KeepAlive;

/// <summary>
/// A rule that decides, after each invocation of a function ends, how long its sandbox stays loaded and whether to
/// load one again later. Policies hold no per-function state and read no clock: the function's history and the time
/// are passed in, so the same instance serves many functions and tests and the simulator move time themselves.
/// </summary>
public interface IKeepAlivePolicy
{
    /// <summary>Which policy this is.</summary>
    KeepAlivePolicyKind Kind { get; }

    /// <summary>The decision for a sandbox of <paramref name="function"/> whose invocation ended at <paramref name="endedAt"/>.</summary>
    /// <param name="function">The function's idle-time history, as of the end.</param>
    /// <param name="endedAt">When the invocation ended.</param>
    KeepAliveDecision Decide(FunctionKeepAlive function, DateTimeOffset endedAt);
}
