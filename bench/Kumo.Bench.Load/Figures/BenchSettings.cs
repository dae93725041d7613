namespace Kumo.Bench.Load.Figures;

/// <summary>How much each figure measures; the defaults keep bench/run.sh near 12 minutes on a 2-core machine.</summary>
internal sealed record BenchSettings
{
    /// <summary>Figure 1: functions of identical code deployed per runtime and configuration, each invoked once (a cold start each).</summary>
    public int ColdRounds { get; init; } = 30;

    /// <summary>Figure 2: measured calls per target, after <see cref="WarmUpCalls"/>.</summary>
    public int WarmCalls { get; init; } = 10_000;

    public int WarmUpCalls { get; init; } = 1_000;

    /// <summary>Figure 2's open-loop row: Poisson arrivals at this rate.</summary>
    public double OpenLoopRate { get; init; } = 200;

    /// <summary>Figure 3: the measured window and warm-up at each concurrency.</summary>
    public TimeSpan ThroughputWindow { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ThroughputWarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Figure 4: concurrent invocations of a fresh function.</summary>
    public int ScaleOut { get; init; } = 100;

    /// <summary>Figure 5: idle warm sandboxes per runtime.</summary>
    public int IdleSandboxes { get; init; } = 10;

    /// <summary>Which figures to run (1–5).</summary>
    public IReadOnlySet<int> Figures { get; init; } = new HashSet<int> { 1, 2, 3, 4, 5 };

    public int Seed { get; init; } = 1;
}
