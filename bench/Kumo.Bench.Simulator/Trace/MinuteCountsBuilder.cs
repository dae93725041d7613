namespace Kumo.Bench.Simulator.Trace;

/// <summary>Collects a function's per-minute counts in time order, keeping only the minutes with invocations.</summary>
internal sealed class MinuteCountsBuilder
{
    private readonly List<int> _minutes = [];
    private readonly List<int> _counts = [];

    /// <summary>The last minute added, or -1.</summary>
    public int LastMinute => _minutes.Count == 0 ? -1 : _minutes[^1];

    /// <summary>Adds a minute's count; zero counts are skipped. Minutes must come in increasing order.</summary>
    public void Add(int minute, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        if (minute <= LastMinute)
        {
            throw new ArgumentException($"minute {minute} comes after minute {LastMinute}: add minutes in increasing order", nameof(minute));
        }

        _minutes.Add(minute);
        _counts.Add(count);
    }

    /// <summary>The counts collected.</summary>
    public MinuteCounts Build() => new([.. _minutes], [.. _counts]);
}
