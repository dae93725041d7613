namespace Kumo.Bench.Simulator.Engine;

/// <summary>How a trace is replayed.</summary>
internal sealed record SimulationOptions
{
    /// <summary>The seed of everything the replay draws: arrival times within minutes, execution times, missing sizes.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>How a minute's invocations are spread over it.</summary>
    public ArrivalSpread Spread { get; init; } = ArrivalSpread.Even;

    /// <summary>
    /// The spread of one function's execution times around its average: log-normal with this σ (0 for always the average).
    /// </summary>
    public double DurationSigma { get; init; } = 0.5;

    /// <summary>How many functions are replayed at once; each is independent of the others.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
