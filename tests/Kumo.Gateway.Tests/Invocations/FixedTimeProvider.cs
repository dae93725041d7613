namespace Kumo.Gateway.Tests.Invocations;

/// <summary>A clock that stands still, so that times such as <c>since=15m</c> can be checked exactly.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
