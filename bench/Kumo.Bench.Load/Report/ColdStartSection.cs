using System.Text;
using Kumo.Bench.Load.Figures;
using static Kumo.Bench.Load.Report.Format;

namespace Kumo.Bench.Load.Report;

/// <summary>Figure 1 as Markdown: the table, then where the time goes by phase.</summary>
internal static class ColdStartSection
{
    public static void Write(StringBuilder text, BenchRun run)
    {
        text.AppendLine("## 1. Cold start: request → handler entered");
        text.AppendLine();
        text.AppendLine(Invariant($"- Method: per runtime and configuration, {run.Settings.ColdRounds} functions with identical code ({ColdStartFigure.MemoryMb} MB) are deployed through the Lambda API and each is invoked once through the Lambda Invoke API, so that each call is its function's first. The time is the handler's own wall-clock stamp (`entered`) minus the driver's wall clock just before it sent the request (both CLOCK_REALTIME on this machine). Before each call the driver waits until every pre-warmed pool is full (`GET /_kumo/v1/status`, `pools`). One unmeasured call per runtime comes first (file cache; the pool learns the memory size)."));
        text.AppendLine("- Baselines, after each call (interleaved): the same runtime spawned bare, to its exit (`node -e 0`, `python3.11 -c 0`, a .NET hello world, the AOT binary with nothing to do), and spawned bare loading the same handler from the same files, to the handler entered (a stdin loop instead of the Runtime API).");
        text.AppendLine("- Ratio: Kumo's p50 over the bare start's p50. Start kinds are from the invocation records (`startKind`). Milliseconds.");
        text.AppendLine();
        text.AppendLine("| runtime | configuration | p50 | p99 | bare start p50 (p99) | ratio | bare start → handler p50 | start kinds | target (p50) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var result in run.Cold)
        {
            var p50 = Stats.Median(result.Kumo);
            var kinds = PhaseBreakdown.StartKinds(result.Samples.Select(s => s.Record));
            if (result.PoolNotFull > 0)
            {
                kinds += Invariant($"; pool not full before {result.PoolNotFull} calls");
            }

            text.AppendLine(Invariant(
                $"| {result.Function.Label} | {result.Configuration} | {Ms(p50)} | {Ms(Stats.Percentile(result.Kumo, 99))} | {Ms(Stats.Median(result.BareStart))} ({Ms(Stats.Percentile(result.BareStart, 99))}) | {Ratio(p50 / Stats.Median(result.BareStart))} | {Ms(Stats.Median(result.BareHandler))} | {kinds} | {TargetCell(run, result, p50)} |"));
        }

        if (run.PoolUnavailable is { } reason)
        {
            foreach (var runtime in run.Cold.Select(r => r.Function.Label).Distinct())
            {
                text.AppendLine(Invariant($"| {runtime} | pool on | {reason} | | | | | | |"));
            }
        }

        text.AppendLine();
        text.AppendLine("### Where the cold start's time goes");
        text.AppendLine();
        text.AppendLine("Medians of the intervals between the phases the platform stamps on each record (`phases`, see [Phases](#phases-what-the-records-say)); the first and last columns use the driver's send time and the handler's `entered`. They add up to about the median cold start (medians of parts need not sum exactly).");
        text.AppendLine();
        var segments = run.Cold.Select(r => PhaseBreakdown.ToHandler(r.Samples)).ToList();
        if (segments.Count == 0)
        {
            return;
        }

        text.AppendLine("| runtime | configuration | " + string.Join(" | ", segments[0].Select(s => s.Name)) + " |");
        text.AppendLine("|---|---|" + string.Concat(segments[0].Select(_ => "---|")));
        for (var i = 0; i < run.Cold.Count; i++)
        {
            text.AppendLine($"| {run.Cold[i].Function.Label} | {run.Cold[i].Configuration} | " + string.Join(" | ", segments[i].Select(s => s.Samples == 0 ? "–" : Ms(s.MedianMs))) + " |");
        }

        text.AppendLine();
        text.AppendLine("What the columns cover: " + string.Join("; ", segments[0].Select(s => $"*{s.Name}*: {s.Covers}")) + ".");
        text.AppendLine();
        for (var i = 0; i < run.Cold.Count; i++)
        {
            var result = run.Cold[i];
            var p50 = Stats.Median(result.Kumo);
            if (Targets.ColdStartMs(result.Function.Key) is { } target && p50 > target && segments[i].Where(s => s.Samples > 0).MaxBy(s => s.MedianMs) is { } largest)
            {
                text.AppendLine(Invariant($"- {result.Function.Label}, {result.Configuration}: {Ms(p50)} ms against {target:0} ms; the largest part is *{largest.Name}* ({Ms(largest.MedianMs)} ms: {largest.Covers})."));
            }
        }

        text.AppendLine();
    }

    /// <summary>Targets hold with the pool warm; without a pool in the build, the pool-off row is judged and says so.</summary>
    private static string TargetCell(BenchRun run, ColdStartResult result, double p50)
    {
        if (Targets.ColdStartMs(result.Function.Key) is not { } target)
        {
            return "none set";
        }

        var judged = result.Configuration == "pool on" || (run.PoolUnavailable is not null && result.Configuration == "pool off");
        if (!judged)
        {
            return Invariant($"≤ {target:0} ms with the pool; –");
        }

        var verdict = Targets.Verdict(p50 <= target);
        return run.PoolUnavailable is not null ? Invariant($"≤ {target:0} ms: {verdict} (no pool in this build)") : Invariant($"≤ {target:0} ms: {verdict}");
    }

    /// <summary>The summary lines of figure 1: one per runtime with a target.</summary>
    public static IEnumerable<(string Target, string Measured, string Verdict)> Summary(BenchRun run)
    {
        foreach (var group in run.Cold.GroupBy(r => r.Function.Key))
        {
            if (Targets.ColdStartMs(group.Key) is not { } target)
            {
                continue;
            }

            var judged = group.FirstOrDefault(r => r.Configuration == "pool on") ?? group.First();
            var p50 = Stats.Median(judged.Kumo);
            var note = judged.Configuration == "pool on" ? "" : " (no pool in this build)";
            yield return (Invariant($"cold start {judged.Function.Label} ≤ {target:0} ms p50"), Invariant($"{Ms(p50)} ms, {judged.Configuration}{note}"), Targets.Verdict(p50 <= target));
        }
    }
}
