using System.Text.Json.Serialization;
using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Report;

/// <summary>The report as JSON (<c>--json</c>), without reflection.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulationReport))]
[JsonSerializable(typeof(TraceShape))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
