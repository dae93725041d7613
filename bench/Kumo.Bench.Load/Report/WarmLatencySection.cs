using System.Text;
using Kumo.Bench.Load.Figures;
using static Kumo.Bench.Load.Report.Format;

namespace Kumo.Bench.Load.Report;

/// <summary>Figure 2 as Markdown: closed-loop latencies with the added latency, the phases of sampled calls, the open-loop rows.</summary>
internal static class WarmLatencySection
{
    public static void Write(StringBuilder text, BenchRun run, WarmLatencyResult warm)
    {
        text.AppendLine("## 2. Warm latency of a no-op function");
        text.AppendLine();
        text.AppendLine(Invariant($"- Method: closed loop, one connection (HTTP/1.1 keep-alive), {Count(run.Settings.WarmCalls)} calls per path after {Count(run.Settings.WarmUpCalls)} warm-up calls, every path in turn in blocks of 100, all from the same `HttpClient`; the body is `{{\"bench\":true}}`. Kumo ran as `{run.DefaultConfiguration}`; functions of {WarmLatencyFigure.MemoryMb} MB."));
        text.AppendLine("- Baselines: the same handlers behind a bare Node `http` server (`bench/functions/node/server.mjs`, one process) and a Kestrel minimal API (`bench/Kumo.Bench.Kestrel`), on loopback. *Added* is Kumo's percentile minus its baseline's. Milliseconds.");
        text.AppendLine();
        text.AppendLine(Invariant($"| path | p50 | p99 | max | baseline | added p50 | added p99 | ratio p50 | target (added ≤ {Targets.WarmAddedP50Ms} ms p50, ≤ {Targets.WarmAddedP99Ms:0} ms p99) |"));
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in warm.Rows)
        {
            var latencies = row.Latencies;
            if (!row.IsKumo)
            {
                text.AppendLine(Invariant($"| {row.Label} | {Ms(latencies.PercentileMs(50))} | {Ms(latencies.PercentileMs(99))} | {Ms(latencies.MaxMs)} | (baseline) | | | | |"));
                continue;
            }

            var baseline = Baseline(warm, row.Label);
            var added50 = latencies.PercentileMs(50) - baseline.Latencies.PercentileMs(50);
            var added99 = latencies.PercentileMs(99) - baseline.Latencies.PercentileMs(99);
            text.AppendLine(Invariant(
                $"| {row.Label} | {Ms(latencies.PercentileMs(50))} | {Ms(latencies.PercentileMs(99))} | {Ms(latencies.MaxMs)} | {baseline.Label} | {Ms(added50)} | {Ms(added99)} | {Ratio(latencies.PercentileMs(50) / baseline.Latencies.PercentileMs(50))} | {Targets.Verdict(added50 <= Targets.WarmAddedP50Ms && added99 <= Targets.WarmAddedP99Ms)} |"));
        }

        text.AppendLine();
        text.AppendLine("### Where a warm call's time goes");
        text.AppendLine();
        text.AppendLine("Medians over 200 more calls per path (closed loop, one at a time), and over the last 200 requests of the open-loop run below, from the records' phases and the driver's send and receive times (wall clock).");
        text.AppendLine();
        var first = warm.Phases.Values.Select(PhaseBreakdown.RoundTrip).FirstOrDefault();
        if (first is not null)
        {
            text.AppendLine("| path | " + string.Join(" | ", first.Select(s => s.Name)) + " | client round trip |");
            text.AppendLine("|---|" + string.Concat(first.Select(_ => "---|")) + "---|");
            foreach (var (label, samples) in warm.Phases)
            {
                var segments = PhaseBreakdown.RoundTrip(samples);
                text.AppendLine($"| {label} | " + string.Join(" | ", segments.Select(s => s.Samples == 0 ? "–" : Ms(s.MedianMs))) + $" | {Ms(Stats.Median(samples.Select(s => s.EndMs - s.SentMs)))} |");
            }

            text.AppendLine();
            text.AppendLine("What the columns cover: " + string.Join("; ", first.Select(s => $"*{s.Name}*: {s.Covers}")) + ".");
            text.AppendLine();
            foreach (var (label, samples) in warm.Phases)
            {
                var largest = PhaseBreakdown.RoundTrip(samples).Where(s => s.Samples > 0).OrderByDescending(s => s.MedianMs).Take(2).ToList();
                if (largest.Count == 2)
                {
                    text.AppendLine(Invariant($"- {label}: most of the time is *{largest[0].Name}* ({Ms(largest[0].MedianMs)} ms) and *{largest[1].Name}* ({Ms(largest[1].MedianMs)} ms)."));
                }
            }

            text.AppendLine();
        }

        text.AppendLine(Invariant($"### Open loop: Poisson arrivals at {warm.OpenLoopRate:0} requests/s"));
        text.AppendLine();
        text.AppendLine(Invariant($"Requests are sent on a schedule drawn in advance (seeded; the same on both sides) whether or not earlier ones were answered, and latency counts from each request's intended send time, so stalls are not hidden (no coordinated omission). The function has {WarmLatencyFigure.OpenLoopSandboxes} warm sandboxes before it starts (overlapping invocations); 1 s warm-up, 5 s measured."));
        text.AppendLine();
        text.AppendLine("| path | p50 | p99 | max | completed | errors | sandboxes started during the run (records) |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (label, result, kinds) in warm.OpenLoop)
        {
            text.AppendLine(Invariant($"| {label} | {Ms(result.Latencies.PercentileMs(50))} | {Ms(result.Latencies.PercentileMs(99))} | {Ms(result.Latencies.MaxMs)} | {Count(result.Completed)} | {result.Errors}{(result.FirstError is { } e ? ": " + e : "")} | {kinds ?? ""} |"));
        }

        text.AppendLine();
    }

    /// <summary>The bare row a Kumo row is compared with: Node rows with bare Node, C# rows with Kestrel.</summary>
    private static (string Label, bool IsKumo, string? BaselineOf, Histogram.LatencyHistogram Latencies) Baseline(WarmLatencyResult warm, string label) =>
        warm.Rows.First(r => r.BaselineOf is { } of && label.StartsWith(of, StringComparison.Ordinal));

    public static IEnumerable<(string Target, string Measured, string Verdict)> Summary(WarmLatencyResult warm)
    {
        foreach (var row in warm.Rows.Where(r => r.IsKumo && r.Label.EndsWith("function URL", StringComparison.Ordinal)))
        {
            var baseline = Baseline(warm, row.Label);
            var added50 = row.Latencies.PercentileMs(50) - baseline.Latencies.PercentileMs(50);
            var added99 = row.Latencies.PercentileMs(99) - baseline.Latencies.PercentileMs(99);
            yield return (Invariant($"warm added latency, {row.Label}, ≤ {Targets.WarmAddedP50Ms} ms p50 and ≤ {Targets.WarmAddedP99Ms:0} ms p99"),
                Invariant($"+{Ms(added50)} ms p50, +{Ms(added99)} ms p99 over {baseline.Label}"),
                Targets.Verdict(added50 <= Targets.WarmAddedP50Ms && added99 <= Targets.WarmAddedP99Ms));
        }
    }
}
