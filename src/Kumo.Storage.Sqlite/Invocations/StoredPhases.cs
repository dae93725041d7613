using System.Text.Json;
using Kumo.Abstractions.Invocations;

namespace Kumo.Storage.Sqlite.Invocations;

/// <summary>
/// <see cref="InvocationPhases"/> as the <c>invocations.phases</c> column keeps them: a JSON object of the phases
/// that were passed, <c>{"admittedMs":0.02,"placedMs":0.31,…}</c>. Names it does not know are skipped, so a newer
/// Kumo may add phases.
/// </summary>
internal static class StoredPhases
{
    public static string Format(InvocationPhases phases)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in Named(phases))
            {
                if (value is { } ms)
                {
                    json.WriteNumber(name, Math.Round(ms, 3));
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static InvocationPhases Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        double? Get(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
        return new InvocationPhases
        {
            AdmittedMs = Get("admittedMs"),
            PlacedMs = Get("placedMs"),
            SandboxAcquiredMs = Get("sandboxAcquiredMs"),
            InitializedMs = Get("initializedMs"),
            HandlerStartedMs = Get("handlerStartedMs"),
            AnsweredMs = Get("answeredMs"),
            RecordedMs = Get("recordedMs"),
        };
    }

    private static IEnumerable<(string Name, double? Value)> Named(InvocationPhases phases) =>
    [
        ("admittedMs", phases.AdmittedMs),
        ("placedMs", phases.PlacedMs),
        ("sandboxAcquiredMs", phases.SandboxAcquiredMs),
        ("initializedMs", phases.InitializedMs),
        ("handlerStartedMs", phases.HandlerStartedMs),
        ("answeredMs", phases.AnsweredMs),
        ("recordedMs", phases.RecordedMs),
    ];
}
