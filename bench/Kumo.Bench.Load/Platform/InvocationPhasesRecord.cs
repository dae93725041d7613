using System.Globalization;
using System.Text.Json;

namespace Kumo.Bench.Load.Platform;

/// <summary>What the benchmark reads back of an invocation record: its arrival, start kind and phases (ms since arrival).</summary>
internal sealed record InvocationPhasesRecord(DateTimeOffset StartedAt, string? StartKind, bool Cold, IReadOnlyDictionary<string, double> Phases)
{
    /// <summary>The phases in the order an invocation passes them, by their JSON names.</summary>
    public static readonly string[] Order = ["admittedMs", "placedMs", "sandboxAcquiredMs", "initializedMs", "handlerStartedMs", "answeredMs", "recordedMs"];

    /// <summary>Milliseconds since the epoch at which the invocation arrived in the invoker.</summary>
    public double ArrivedEpochMs => (StartedAt - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    public static InvocationPhasesRecord From(JsonElement invocation)
    {
        var phases = new Dictionary<string, double>();
        if (invocation.TryGetProperty("phases", out var stored) && stored.ValueKind == JsonValueKind.Object)
        {
            foreach (var phase in stored.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                phases[phase.Name] = phase.Value.GetDouble();
            }
        }

        return new InvocationPhasesRecord(
            DateTimeOffset.Parse(invocation.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture),
            invocation.TryGetProperty("startKind", out var kind) ? kind.GetString() : null,
            invocation.TryGetProperty("cold", out var cold) && cold.GetBoolean(),
            phases);
    }
}
