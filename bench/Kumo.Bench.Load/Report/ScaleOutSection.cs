using System.Text;
using Kumo.Bench.Load.Figures;
using static Kumo.Bench.Load.Report.Format;

namespace Kumo.Bench.Load.Report;

/// <summary>Figure 4 as Markdown.</summary>
internal static class ScaleOutSection
{
    public static void Write(StringBuilder text, BenchRun run)
    {
        text.AppendLine("## 4. Scale-out from zero");
        text.AppendLine();
        text.AppendLine(Invariant($"- Method: a fresh Node function ({ScaleOutFigure.MemoryMb} MB, its handler sleeps 1 s) with no sandbox; {run.Settings.ScaleOut} invocations through the Lambda Invoke API at once at t0. *All entered* is the last handler's `entered` − t0; *p50 start* the median. No target is set for this figure."));
        text.AppendLine(Invariant($"- Baseline: {run.Settings.ScaleOut} bare Node processes spawned at once, each loading the same handler and handed the same event. Milliseconds."));
        text.AppendLine();
        text.AppendLine("| configuration | all entered | p50 start | bare: all entered | bare: p50 start | ratio (all entered) | start kinds |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var result in run.ScaleOut)
        {
            text.AppendLine(Invariant(
                $"| {result.Configuration} | {Ms(result.Kumo.Max())} | {Ms(Stats.Median(result.Kumo))} | {Ms(result.Bare.Max())} | {Ms(Stats.Median(result.Bare))} | {Ratio(result.Kumo.Max() / result.Bare.Max())} | {result.StartKinds} |"));
        }

        if (run.PoolUnavailable is { } reason)
        {
            text.AppendLine($"| pool on | {reason} | | | | | |");
        }

        text.AppendLine();
    }
}
