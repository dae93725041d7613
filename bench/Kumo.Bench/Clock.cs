namespace Kumo.Bench;

/// <summary>Wall-clock milliseconds since the epoch: the clock the handlers stamp their entry with, on the same machine.</summary>
internal static class Clock
{
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
