using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Report;

/// <summary>A whole simulation: the trace, how it was replayed, and each policy's result (the first is the baseline).</summary>
/// <param name="Trace">Where the trace came from.</param>
/// <param name="Days">Days replayed.</param>
/// <param name="Seed">The replay's seed.</param>
/// <param name="Spread">How each minute's invocations were spread over it.</param>
/// <param name="Shape">What the trace looks like.</param>
/// <param name="Policies">Each policy's result.</param>
internal sealed record SimulationReport(
    string Trace,
    int Days,
    ulong Seed,
    string Spread,
    TraceShape Shape,
    IReadOnlyList<PolicyReport> Policies);
