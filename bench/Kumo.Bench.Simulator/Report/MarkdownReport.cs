using System.Globalization;
using System.Text;
using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Report;

/// <summary>The report as Markdown: the trace's shape against the paper's, then one row per policy.</summary>
internal static class MarkdownReport
{
    /// <summary>The report of <paramref name="report"/>.</summary>
    public static string Render(SimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"- Replay: seed {report.Seed}, each minute's invocations spread {report.Spread} over it."));
        text.Append(RenderShape(report.Trace, report.Shape));
        text.AppendLine();
        text.AppendLine("| policy | cold starts | cold-start share | p75 function cold share | p75 app cold share | idle memory (GB·s) | wasted memory vs fixed 10 min | pre-warms (used) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var policy in report.Policies)
        {
            var preWarms = policy.PreWarms == 0 ? "–" : Invariant($"{policy.PreWarms:N0} ({Percent((double)policy.PreWarmsUsed / policy.PreWarms)})");
            text.AppendLine(Invariant(
                $"| {policy.Policy} | {policy.ColdStarts:N0} | {Percent(policy.ColdStartShare, 3)} | {Percent(policy.FunctionColdShareP75)} | {Percent(policy.AppColdShareP75)} | {policy.IdleGbSeconds:N0} | {policy.WastedMemoryRatio:0.00} | {preWarms} |"));
        }

        foreach (var policy in report.Policies.Where(p => p.Decisions.Keys.Any(k => k != "Fixed")))
        {
            text.AppendLine();
            text.AppendLine(Invariant($"- {policy.Policy}: decisions by reason: ")
                + string.Join(", ", policy.Decisions.Select(d => Invariant($"{d.Key} {Percent(d.Value)}"))) + ".");
        }

        return text.ToString();
    }

    /// <summary>The trace's shape next to what the paper reports.</summary>
    public static string RenderShape(string source, TraceShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"- Trace: {source}."));
        text.AppendLine(Invariant($"- Shape: {shape.Functions:N0} functions ({shape.InvokedFunctions:N0} invoked) in {shape.Apps:N0} apps, {shape.Invocations:N0} invocations; daily rates span {shape.OrdersOfMagnitude:0.0} orders of magnitude; {Percent(shape.AtMostHourlyShare)} of functions run at most hourly and {Percent(shape.AtMostPerMinuteShare)} at most once a minute on average (the paper: 45 % and 81 % of apps)."));
        text.AppendLine("- Triggers: " + string.Join(", ", shape.TriggerShares.Where(t => t.Value > 0).Select(t => Invariant($"{t.Key} {Percent(t.Value)}"))) + ".");
        return text.ToString();
    }

    private static string Percent(double share, int decimals = 1) =>
        (share * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " %";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
