namespace Kumo.Bench.Simulator.Trace;

/// <summary>
/// How many invocations a function had in each minute of a trace, as the Azure trace records them; stored sparsely
/// (only the minutes with invocations, in order), since most functions are idle most minutes.
/// </summary>
internal sealed class MinuteCounts
{
    private readonly int[] _minutes;
    private readonly int[] _counts;

    /// <summary>Counts for the given minutes, which must be increasing, each count more than zero.</summary>
    public MinuteCounts(int[] minutes, int[] counts)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        ArgumentNullException.ThrowIfNull(counts);
        if (minutes.Length != counts.Length)
        {
            throw new ArgumentException("one count per minute is needed", nameof(counts));
        }

        for (var i = 0; i < minutes.Length; i++)
        {
            if (counts[i] <= 0 || minutes[i] < 0 || (i > 0 && minutes[i] <= minutes[i - 1]))
            {
                throw new ArgumentException($"minute {minutes[i]} (entry {i}): minutes must increase and counts be more than zero");
            }

            Total += counts[i];
        }

        _minutes = minutes;
        _counts = counts;
    }

    /// <summary>No invocation at all.</summary>
    public static MinuteCounts None { get; } = new([], []);

    /// <summary>How many minutes had invocations.</summary>
    public int Length => _minutes.Length;

    /// <summary>Every invocation counted.</summary>
    public long Total { get; }

    /// <summary>The <paramref name="index"/>-th minute with invocations (minutes from the trace's start).</summary>
    public int MinuteAt(int index) => _minutes[index];

    /// <summary>How many invocations the <paramref name="index"/>-th minute with invocations had.</summary>
    public int CountAt(int index) => _counts[index];

    /// <summary>Counts from a dense array: one entry per minute, zeros included.</summary>
    public static MinuteCounts FromDense(IReadOnlyList<int> perMinute)
    {
        ArgumentNullException.ThrowIfNull(perMinute);
        var builder = new MinuteCountsBuilder();
        for (var minute = 0; minute < perMinute.Count; minute++)
        {
            builder.Add(minute, perMinute[minute]);
        }

        return builder.Build();
    }
}
