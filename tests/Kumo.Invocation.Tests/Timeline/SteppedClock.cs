namespace Kumo.Invocation.Tests.Timeline;

/// <summary>A clock whose wall time and monotonic timestamps both move only when a test moves them.</summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _ticks;

    public void Advance(double milliseconds)
    {
        var by = TimeSpan.FromMilliseconds(milliseconds);
        _now += by;
        _ticks += by.Ticks;
    }
}
