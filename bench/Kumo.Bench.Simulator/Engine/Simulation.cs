using System.Collections.Concurrent;
using Kumo.Bench.Simulator.Report;
using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Engine;

/// <summary>Replays a whole trace under each policy and sums up what each gave.</summary>
internal static class Simulation
{
    /// <summary>
    /// Every function of <paramref name="trace"/> under every policy of <paramref name="policies"/> (the first one is the
    /// baseline of the wasted memory). The result depends only on the trace, the policies and the options' seed, spread
    /// and σ, never on the parallelism.
    /// </summary>
    public static SimulationReport Run(InvocationTrace trace, IReadOnlyList<PolicyUnderTest> policies, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(options);
        var functions = trace.Functions;
        var outcomes = new FunctionOutcome[policies.Count][];
        for (var p = 0; p < policies.Count; p++)
        {
            outcomes[p] = new FunctionOutcome[functions.Count];
        }

        // The busiest functions first, so that one of them does not start last and run alone.
        var work = Enumerable.Range(0, functions.Count)
            .OrderByDescending(i => functions[i].Invocations.Total)
            .SelectMany(i => Enumerable.Range(0, policies.Count).Select(p => (Function: i, Policy: p)))
            .ToList();
        Parallel.ForEach(
            Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) },
            item => outcomes[item.Policy][item.Function] =
                new FunctionSimulation(functions[item.Function], item.Function, policies[item.Policy].Settings, options, trace.Minutes).Run());

        var reports = new List<PolicyReport>();
        for (var p = 0; p < policies.Count; p++)
        {
            reports.Add(PolicyReport.Of(policies[p].Name, functions, outcomes[p], baselineIdleGbSeconds: reports.Count == 0 ? null : reports[0].IdleGbSeconds));
        }

        return new SimulationReport(trace.Source, trace.Days, options.Seed, options.Spread.ToString().ToLowerInvariant(), TraceShape.Of(trace), reports);
    }
}
