using Kumo.Bench.Simulator.Engine;
using Kumo.Bench.Simulator.Trace;
using Kumo.Core.KeepAlive;

namespace Kumo.Bench.Simulator.Report;

/// <summary>What one policy gave over a whole trace.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Invocations">Every invocation replayed.</param>
/// <param name="ColdStarts">Invocations that found no idle sandbox.</param>
/// <param name="ColdStartShare">Cold starts over invocations.</param>
/// <param name="FunctionColdShareP50">Median of the per-function cold-start shares (functions with an invocation).</param>
/// <param name="FunctionColdShareP75">75th percentile of the per-function cold-start shares: the paper's headline figure.</param>
/// <param name="FunctionColdShareP90">90th percentile of the per-function cold-start shares.</param>
/// <param name="AppColdShareP75">75th percentile of the per-application cold-start shares (an application's functions together).</param>
/// <param name="IdleGbSeconds">Idle memory: sandbox-seconds loaded but idle, times each function's memory, in GB·s.</param>
/// <param name="WastedMemoryRatio">Idle memory over the baseline's (the first policy, fixed 10 minutes).</param>
/// <param name="PreWarms">Sandboxes loaded ahead of an expected arrival.</param>
/// <param name="PreWarmsUsed">Of those, the ones an invocation used.</param>
/// <param name="Decisions">Share of the policy's decisions by reason.</param>
internal sealed record PolicyReport(
    string Policy,
    long Invocations,
    long ColdStarts,
    double ColdStartShare,
    double FunctionColdShareP50,
    double FunctionColdShareP75,
    double FunctionColdShareP90,
    double AppColdShareP75,
    double IdleGbSeconds,
    double WastedMemoryRatio,
    long PreWarms,
    long PreWarmsUsed,
    IReadOnlyDictionary<string, double> Decisions)
{
    /// <summary>Sums up the outcomes of every function under one policy.</summary>
    /// <param name="policy">The policy's name.</param>
    /// <param name="functions">The trace's functions.</param>
    /// <param name="outcomes">Their outcomes, in the same order.</param>
    /// <param name="baselineIdleGbSeconds">The baseline's idle memory; null when this is the baseline.</param>
    public static PolicyReport Of(string policy, IReadOnlyList<TraceFunction> functions, IReadOnlyList<FunctionOutcome> outcomes, double? baselineIdleGbSeconds)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(outcomes);
        var invocations = outcomes.Sum(o => o.Invocations);
        var coldStarts = outcomes.Sum(o => o.ColdStarts);
        var perFunction = outcomes.Where(o => o.Invocations > 0).Select(o => (double)o.ColdStarts / o.Invocations).ToList();
        var perApp = functions.Zip(outcomes)
            .GroupBy(pair => (pair.First.Owner, pair.First.App))
            .Select(app => (Invocations: app.Sum(p => p.Second.Invocations), ColdStarts: app.Sum(p => p.Second.ColdStarts)))
            .Where(app => app.Invocations > 0)
            .Select(app => (double)app.ColdStarts / app.Invocations)
            .ToList();
        var idle = outcomes.Sum(o => o.IdleGbSeconds);
        var decisions = Enum.GetValues<KeepAliveReason>().Select(reason => outcomes.Sum(o => o.Decisions[(int)reason])).ToList();
        var decisionTotal = Math.Max(1, decisions.Sum());
        return new PolicyReport(
            policy,
            invocations,
            coldStarts,
            invocations == 0 ? 0 : (double)coldStarts / invocations,
            Percentile(perFunction, 50),
            Percentile(perFunction, 75),
            Percentile(perFunction, 90),
            Percentile(perApp, 75),
            idle,
            baselineIdleGbSeconds is { } baseline ? (baseline == 0 ? 0 : idle / baseline) : 1,
            outcomes.Sum(o => o.PreWarms),
            outcomes.Sum(o => o.PreWarmsUsed),
            Enum.GetValues<KeepAliveReason>().Where(reason => decisions[(int)reason] > 0)
                .ToDictionary(reason => reason.ToString(), reason => (double)decisions[(int)reason] / decisionTotal));
    }

    /// <summary>Nearest-rank percentile; 0 for no values.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
