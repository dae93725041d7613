namespace Kumo.Bench.Simulator.Trace;

/// <summary>
/// What a trace looks like next to what the paper reports of Azure Functions, so a synthetic trace can be checked
/// against its targets and a real one described.
/// </summary>
/// <param name="Functions">Functions in the trace.</param>
/// <param name="InvokedFunctions">Functions with at least one invocation.</param>
/// <param name="Apps">Applications.</param>
/// <param name="Invocations">Every invocation.</param>
/// <param name="AtMostHourlyShare">Share of functions invoked at most once an hour on average (the paper: 45 % of applications).</param>
/// <param name="AtMostPerMinuteShare">Share of functions invoked at most once a minute on average (the paper: 81 % of applications).</param>
/// <param name="OrdersOfMagnitude">log10 of the busiest invoked function's daily rate over the quietest's (the paper: about 8).</param>
/// <param name="TriggerShares">Share of functions per trigger, by the trace's trigger names.</param>
internal sealed record TraceShape(
    int Functions,
    int InvokedFunctions,
    int Apps,
    long Invocations,
    double AtMostHourlyShare,
    double AtMostPerMinuteShare,
    double OrdersOfMagnitude,
    IReadOnlyDictionary<string, double> TriggerShares)
{
    /// <summary>The shape of <paramref name="trace"/>.</summary>
    public static TraceShape Of(InvocationTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var functions = trace.Functions;
        var perDay = functions.Select(f => (double)f.Invocations.Total / trace.Days).ToList();
        var invoked = perDay.Where(rate => rate > 0).ToList();
        double Share(Func<double, bool> test) => functions.Count == 0 ? 0 : (double)perDay.Count(test) / functions.Count;
        return new TraceShape(
            functions.Count,
            invoked.Count,
            functions.Select(f => (f.Owner, f.App)).Distinct().Count(),
            functions.Sum(f => f.Invocations.Total),
            Share(rate => rate <= 24),
            Share(rate => rate <= InvocationTrace.MinutesPerDay),
            invoked.Count == 0 ? 0 : Math.Log10(invoked.Max() / invoked.Min()),
            Enum.GetValues<Trigger>().ToDictionary(
                Triggers.Name,
                trigger => functions.Count == 0 ? 0 : (double)functions.Count(f => f.Trigger == trigger) / functions.Count));
    }
}
