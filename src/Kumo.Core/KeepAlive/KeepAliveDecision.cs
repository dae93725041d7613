namespace Kumo.Core.KeepAlive;

/// <summary>
/// What to do with a function's sandbox after an invocation ended: keep it loaded until <see cref="UnloadAt"/>; and,
/// when <see cref="PreWarmAt"/> is set, load one again then and keep it until <see cref="WarmUntil"/>.
/// </summary>
/// <param name="EndedAt">When the invocation ended; the other times count from here.</param>
/// <param name="PreWarm">
/// How long after the end to load a sandbox again; zero when the sandbox that ran the invocation is simply kept.
/// </param>
/// <param name="KeepAlive">How long a sandbox stays loaded: from the end when there is no pre-warm, else from the pre-warm.</param>
/// <param name="Reason">Which rule of the policy gave this decision.</param>
public readonly record struct KeepAliveDecision(DateTimeOffset EndedAt, TimeSpan PreWarm, TimeSpan KeepAlive, KeepAliveReason Reason)
{
    /// <summary>Whether the sandbox is unloaded at once and another loaded later, at <see cref="PreWarmAt"/>.</summary>
    public bool PreWarms => PreWarm > TimeSpan.Zero;

    /// <summary>When to unload the sandbox that ran the invocation: at once when the decision pre-warms, else after the keep-alive.</summary>
    public DateTimeOffset UnloadAt => PreWarms ? EndedAt : EndedAt + KeepAlive;

    /// <summary>When to load a sandbox for the next invocation; null when the decision does not pre-warm.</summary>
    public DateTimeOffset? PreWarmAt => PreWarms ? EndedAt + PreWarm : null;

    /// <summary>The end of the window in which the function is expected: a sandbox stays loaded until then.</summary>
    public DateTimeOffset WarmUntil => EndedAt + PreWarm + KeepAlive;
}
