using System.Text;
using Kumo.Bench.Load.Figures;
using static Kumo.Bench.Load.Report.Format;

namespace Kumo.Bench.Load.Report;

/// <summary>Figure 3 as Markdown: requests per second at each concurrency, the best of each, and the ratio to the bare server.</summary>
internal static class ThroughputSection
{
    public static void Write(StringBuilder text, BenchRun run, ThroughputResult throughput)
    {
        var levels = throughput.Rows.Select(r => r.Concurrency).Distinct().Order().ToList();
        text.AppendLine("## 3. Throughput on all cores");
        text.AppendLine();
        text.AppendLine(Invariant($"- Method: closed loop at C = {string.Join(", ", levels)} connections, {run.Settings.ThroughputWarmUp.TotalSeconds:0} s warm-up then {run.Settings.ThroughputWindow.TotalSeconds:0} s measured at each; the no-op functions ({ThroughputFigure.MemoryMb} MB) through their function URLs, and before each Kumo run C overlapping invocations so that the function has C sandboxes. Kumo ran as `{run.DefaultConfiguration}`."));
        text.AppendLine(Invariant($"- Baselines: the bare servers on every core: Node `cluster` with {Environment.ProcessorCount} workers, and Kestrel. The driver runs on the same machine (see pinning above). Cells: requests/s (p50 latency in ms)."));
        text.AppendLine();
        text.AppendLine("| path | " + string.Join(" | ", levels.Select(c => $"C={c}")) + " | best | ratio to bare | target (≥ 50 % of bare) |");
        text.AppendLine("|---|" + string.Concat(levels.Select(_ => "---|")) + "---|---|---|");
        var best = throughput.Best().ToList();
        foreach (var row in best)
        {
            var cells = levels.Select(c => throughput.Rows.FirstOrDefault(r => r.Label == row.Label && r.Concurrency == c) is { } at
                ? Invariant($"{Count(at.Result.RequestsPerSecond)} ({Ms(at.Result.Latencies.PercentileMs(50))}){(at.Result.Errors > 0 ? $", {at.Result.Errors} errors" : "")}")
                : "–");
            var bestCell = Invariant($"{Count(row.Result.RequestsPerSecond)} at C={row.Concurrency}");
            if (!row.IsKumo)
            {
                text.AppendLine($"| {row.Label} | {string.Join(" | ", cells)} | {bestCell} | (baseline) | |");
                continue;
            }

            var ratio = row.Result.RequestsPerSecond / BareFor(best, row.Label).Result.RequestsPerSecond;
            text.AppendLine($"| {row.Label} | {string.Join(" | ", cells)} | {bestCell} | {Percent(ratio)} | {Targets.Verdict(ratio >= Targets.ThroughputShare)} |");
        }

        text.AppendLine();
        text.AppendLine("### CPU per request");
        text.AppendLine();
        text.AppendLine(Invariant($"CPU time (user + system, from `/proc/PID/stat`) used during each path's best run, warm-up included, divided by the requests answered: the server process, the processes below it (Kumo's sandboxes: `runc run`, kumo-init, the runtime; Node's cluster workers), and the load driver. With {Environment.ProcessorCount} CPUs, {Environment.ProcessorCount} × 1,000 ms / total is the most requests per second the machine can give."));
        text.AppendLine();
        text.AppendLine("| path | C | server | below it | driver | total | ceiling (req/s) |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in best)
        {
            var cpu = row.Cpu;
            var parts = cpu.ChildrenMs.Count > 1
                ? " (" + string.Join(", ", cpu.ChildrenMs.Where(c => c.Value >= 0.0005).OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {Ms(c.Value)}"))) + ")"
                : "";
            text.AppendLine(Invariant($"| {row.Label} | {row.Concurrency} | {Ms(cpu.ServerMs)} | {Ms(cpu.ChildrenTotalMs)}{parts} | {Ms(cpu.DriverMs)} | {Ms(cpu.TotalMs)} | {Count(Environment.ProcessorCount * 1000 / cpu.TotalMs)} |"));
        }

        text.AppendLine();
        var kumo = best.Where(r => r.IsKumo && r.Phases.Count > 0).ToList();
        if (kumo.Count == 0)
        {
            return;
        }

        text.AppendLine("### Where a request's time goes under load");
        text.AppendLine();
        text.AppendLine("Medians over the last 200 requests of each Kumo path's best run, from their records' phases (columns as in figure 2).");
        text.AppendLine();
        var columns = PhaseBreakdown.RoundTrip(kumo[0].Phases);
        text.AppendLine("| path | C | " + string.Join(" | ", columns.Select(s => s.Name)) + " | client round trip |");
        text.AppendLine("|---|---|" + string.Concat(columns.Select(_ => "---|")) + "---|");
        foreach (var row in kumo)
        {
            var segments = PhaseBreakdown.RoundTrip(row.Phases);
            text.AppendLine($"| {row.Label} | {row.Concurrency} | " + string.Join(" | ", segments.Select(s => s.Samples == 0 ? "–" : Ms(s.MedianMs))) + $" | {Ms(Stats.Median(row.Phases.Select(p => p.EndMs - p.SentMs)))} |");
        }

        text.AppendLine();
    }

    private static ThroughputRow BareFor(IEnumerable<ThroughputRow> best, string label) =>
        best.First(r => r.BaselineOf is { } of && label.StartsWith(of, StringComparison.Ordinal));

    public static IEnumerable<(string Target, string Measured, string Verdict)> Summary(ThroughputResult throughput)
    {
        var best = throughput.Best().ToList();
        foreach (var row in best.Where(r => r.IsKumo))
        {
            var bare = BareFor(best, row.Label);
            var ratio = row.Result.RequestsPerSecond / bare.Result.RequestsPerSecond;
            yield return (Invariant($"throughput, {row.Label}, ≥ 50 % of the bare server"),
                Invariant($"{Percent(ratio)} ({Count(row.Result.RequestsPerSecond)} vs {Count(bare.Result.RequestsPerSecond)} req/s, {bare.Label})"),
                Targets.Verdict(ratio >= Targets.ThroughputShare));
        }
    }
}
