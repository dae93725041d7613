using Kumo.Sandbox.Stems;

namespace Kumo.Invocation.Worker;

/// <summary>
/// The pools of pre-warmed stem cells: sandboxes started ahead of need, with no function in them, that a cold
/// invocation specialises instead of making a sandbox on the request path. Pools size themselves to the demand of
/// each kind and never take more than a share of the node's memory budget.
/// </summary>
public sealed class PrewarmOptions
{
    /// <summary>Whether pools are kept at all (<c>kumo up --prewarm off</c> turns them off).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How many stem cells may be starting at once across all kinds (refills never run on the request path).</summary>
    public int RefillConcurrency { get; init; } = 1;

    /// <summary>The most ready stem cells one kind keeps, however high its demand.</summary>
    public int MaxPerKind { get; init; } = 8;

    /// <summary>The share of the node's memory budget all stem cells together may be sized to, from 0 to 1.</summary>
    public double MemoryShareOfBudget { get; init; } = 0.2;

    /// <summary>
    /// Pools refill only while the host's available memory (<c>MemAvailable</c>) is at least this many MB; below it they
    /// shrink to their floor. Null: the larger of 512 MB and a tenth of the machine's memory.
    /// </summary>
    public int? LowWaterMb { get; init; }

    /// <summary>The half-life of the demand a pool remembers (stems taken plus cold starts that found none).</summary>
    public TimeSpan DemandHalfLife { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How far ahead of demand a pool fills, beyond the time a stem takes to start.</summary>
    public TimeSpan BurstHorizon { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A pool keeps at least one stem while a function of its kind was used within this time.</summary>
    public TimeSpan IdleKindWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long stems above a pool's target stay before they are removed.</summary>
    public TimeSpan SurplusGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a kind whose stem failed to start waits before the next try.</summary>
    public TimeSpan FailureBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stem may take to become ready before it is given up.</summary>
    public TimeSpan StemReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often pools drop dead and surplus stems and refill.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Kinds kept ready from start-up, before any function asked for them (each keeps at least one stem).</summary>
    public IReadOnlyList<StemCellKind> Kinds { get; init; } = [];

    /// <summary>Every setting that cannot be used, naming it and what would do; empty when all are good.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (RefillConcurrency < 1)
        {
            problems.Add($"{nameof(RefillConcurrency)} must be at least 1, not {RefillConcurrency}");
        }

        if (MaxPerKind < 1)
        {
            problems.Add($"{nameof(MaxPerKind)} must be at least 1, not {MaxPerKind}");
        }

        if (MemoryShareOfBudget is < 0 or > 1 || double.IsNaN(MemoryShareOfBudget))
        {
            problems.Add($"{nameof(MemoryShareOfBudget)} must be from 0 to 1, not {MemoryShareOfBudget}");
        }

        if (LowWaterMb is < 0)
        {
            problems.Add($"{nameof(LowWaterMb)} must be 0 or more MB, not {LowWaterMb}");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(DemandHalfLife), DemandHalfLife), (nameof(SurplusGrace), SurplusGrace), (nameof(StemReadyTimeout), StemReadyTimeout),
            (nameof(MaintenanceInterval), MaintenanceInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{name} must be longer than zero, not {value}");
            }
        }

        foreach (var (name, value) in new[] { (nameof(BurstHorizon), BurstHorizon), (nameof(IdleKindWindow), IdleKindWindow), (nameof(FailureBackoff), FailureBackoff) })
        {
            if (value < TimeSpan.Zero)
            {
                problems.Add($"{name} must not be negative, not {value}");
            }
        }

        return problems;
    }
}
