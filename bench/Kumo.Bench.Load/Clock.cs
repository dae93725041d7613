namespace Kumo.Bench.Load;

/// <summary>Wall-clock milliseconds since the epoch (CLOCK_REALTIME): the clock the handlers stamp <c>entered</c> with, on the same machine.</summary>
internal static class Clock
{
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
