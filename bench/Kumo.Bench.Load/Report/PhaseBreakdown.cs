using Kumo.Bench.Load.Platform;

namespace Kumo.Bench.Load.Report;

/// <summary>
/// Where an invocation's time went, as medians of the intervals between its phases (from the platform's own
/// records, see <c>InvocationPhases</c>) and the driver's own stamps at either end.
/// </summary>
internal static class PhaseBreakdown
{
    /// <summary>One interval: its name, what it covers, and its median over the samples that have it.</summary>
    public sealed record Segment(string Name, string Covers, double MedianMs, int Samples);

    /// <summary>For a cold start: from the driver's send to the handler entered.</summary>
    public static IReadOnlyList<Segment> ToHandler(IReadOnlyList<PhaseSample> samples) => Of(samples,
    [
        ("request → invoker", "HTTP, the gateway, the Lambda API endpoint", s => s.Record.ArrivedEpochMs - s.SentMs),
        ("admit", "function lookup, node slot", s => Get(s, "admittedMs", null)),
        ("place", "the function's coordinator (grain)", s => Between(s, "admittedMs", "placedMs")),
        ("acquire sandbox", "claim a warm one, take a stem, or start runc", s => Between(s, "placedMs", "sandboxAcquiredMs")),
        ("initialise", "runc, kumo-init, runtime start, handler load, first /next", s => Between(s, "sandboxAcquiredMs", "initializedMs")),
        ("hand the event over", "from init done to the event given to the runtime", s => Between(s, "initializedMs", "handlerStartedMs")),
        ("event → handler entered", "/next answered, relay, runtime dispatch", s => s.EndMs - (s.Record.ArrivedEpochMs + Get(s, "handlerStartedMs", double.NaN))),
    ]);

    /// <summary>For a warm round trip: from the driver's send to its reading the answer.</summary>
    public static IReadOnlyList<Segment> RoundTrip(IReadOnlyList<PhaseSample> samples) => Of(samples,
    [
        ("request → invoker", "HTTP, the gateway, the endpoint", s => s.Record.ArrivedEpochMs - s.SentMs),
        ("admit", "function lookup, node slot", s => Get(s, "admittedMs", null)),
        ("place", "the function's coordinator (grain)", s => Between(s, "admittedMs", "placedMs")),
        ("acquire sandbox", "claim the warm sandbox", s => Between(s, "placedMs", "sandboxAcquiredMs")),
        ("hand the event over", "to the runtime's waiting /next", s => Between(s, "sandboxAcquiredMs", "handlerStartedMs")),
        ("run and answer", "relay, runtime, handler, the answer back on the host", s => Between(s, "handlerStartedMs", "answeredMs")),
        ("record", "build the record and its log lines", s => Between(s, "answeredMs", "recordedMs")),
        ("store → client", "queue the record for the background writer, the HTTP answer", s => s.EndMs - (s.Record.ArrivedEpochMs + Get(s, "recordedMs", double.NaN))),
    ]);

    private static IReadOnlyList<Segment> Of(IReadOnlyList<PhaseSample> samples, (string Name, string Covers, Func<PhaseSample, double?> Value)[] segments) =>
    [
        .. segments.Select(segment =>
        {
            var values = samples.Select(segment.Value).Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).ToList();
            return new Segment(segment.Name, segment.Covers, Stats.Median(values), values.Count);
        }),
    ];

    private static double? Get(PhaseSample sample, string phase, double? missing) =>
        sample.Record.Phases.TryGetValue(phase, out var ms) ? ms : missing;

    private static double? Between(PhaseSample sample, string from, string to) =>
        sample.Record.Phases.TryGetValue(from, out var a) && sample.Record.Phases.TryGetValue(to, out var b) ? b - a : null;

    /// <summary>How many samples had each start kind, such as <c>cold 29, prewarmed 1</c>.</summary>
    public static string StartKinds(IEnumerable<InvocationPhasesRecord> records) =>
        string.Join(", ", records.GroupBy(r => r.StartKind ?? "unknown").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
}
