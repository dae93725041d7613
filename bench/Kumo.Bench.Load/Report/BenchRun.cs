using Kumo.Bench.Load.Figures;
using Kumo.Bench.Load.Machine;

namespace Kumo.Bench.Load.Report;

/// <summary>Everything one run measured, with what is needed to say how: the machine, the command, the configurations.</summary>
internal sealed record BenchRun
{
    public required MachineInfo Machine { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required string Command { get; init; }

    public required BenchSettings Settings { get; init; }

    /// <summary>Why there are no pool-on figures, when there are none (<c>pool not available in this build</c>).</summary>
    public string? PoolUnavailable { get; init; }

    /// <summary>The configuration figures 2 and 3 ran on.</summary>
    public string? DefaultConfiguration { get; init; }

    /// <summary>How long the whole script took (build, simulator, driver), when the script said when it started.</summary>
    public TimeSpan? ScriptElapsed { get; set; }

    public TimeSpan DriverElapsed { get; set; }

    public List<ColdStartResult> Cold { get; } = [];

    public WarmLatencyResult? Warm { get; set; }

    public ThroughputResult? Throughput { get; set; }

    public List<ScaleOutResult> ScaleOut { get; } = [];

    public List<IdleMemoryResult> Idle { get; } = [];

    /// <summary>How long each figure took to measure, per configuration.</summary>
    public List<(int Figure, string Configuration, TimeSpan Took)> FigureTimes { get; } = [];

    /// <summary>Figures that could not be measured, with why.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>The keep-alive simulator's Markdown from this run, and the command that made it.</summary>
    public (string Command, string Markdown)? Simulator { get; init; }
}
