namespace Kumo.Core.KeepAlive;

/// <summary>Keeps every idle sandbox for one fixed idle time after its invocation ends, and never pre-warms.</summary>
public sealed class FixedKeepAlivePolicy : IKeepAlivePolicy
{
    /// <summary>A policy that keeps idle sandboxes for <paramref name="idleTimeout"/>.</summary>
    /// <param name="idleTimeout">How long an idle sandbox stays loaded; more than zero.</param>
    public FixedKeepAlivePolicy(TimeSpan idleTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        IdleTimeout = idleTimeout;
    }

    /// <summary>How long an idle sandbox stays loaded.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <inheritdoc />
    public KeepAlivePolicyKind Kind => KeepAlivePolicyKind.Fixed;

    /// <inheritdoc />
    public KeepAliveDecision Decide(FunctionKeepAlive function, DateTimeOffset endedAt) =>
        new(endedAt, TimeSpan.Zero, IdleTimeout, KeepAliveReason.Fixed);
}
