namespace Kumo.Bench.Simulator.Trace;

/// <summary>Functions and their invocations per minute over whole days, from a file or a generator.</summary>
/// <param name="Source">Where it came from, in words, for the report.</param>
/// <param name="Days">How many days it covers; every function's minutes are below <see cref="Minutes"/>.</param>
/// <param name="Functions">Its functions, in a fixed order.</param>
internal sealed record InvocationTrace(string Source, int Days, IReadOnlyList<TraceFunction> Functions)
{
    /// <summary>Minutes in a day.</summary>
    public const int MinutesPerDay = 1440;

    /// <summary>How many minutes it covers.</summary>
    public int Minutes => Days * MinutesPerDay;

    /// <summary>Every invocation in it.</summary>
    public long Invocations => Functions.Sum(f => f.Invocations.Total);
}
