using System.Text.Json;

namespace Kumo.FunctionalTests.Async;

/// <summary>One invocation record as <c>GET /_kumo/v1/invocations</c> lists it; <see cref="Attempt"/> only when the API shows it.</summary>
internal sealed record RecordedRun(
    string RequestId, int? Attempt, string Outcome, string Trigger, DateTimeOffset StartedAt, string? ErrorType, string? ErrorMessage)
{
    public bool Succeeded => Outcome == "success";

    public static RecordedRun Read(JsonElement entry) => new(
        entry.GetProperty("requestId").GetString()!,
        entry.TryGetProperty("attempt", out var attempt) && attempt.ValueKind == JsonValueKind.Number ? attempt.GetInt32() : null,
        entry.GetProperty("outcome").GetString()!,
        entry.GetProperty("trigger").GetString()!,
        entry.GetProperty("startedAt").GetDateTimeOffset(),
        entry.TryGetProperty("errorType", out var type) ? type.GetString() : null,
        entry.TryGetProperty("errorMessage", out var message) ? message.GetString() : null);

    public override string ToString() =>
        $"attempt {(Attempt is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} {Outcome} at {StartedAt:HH:mm:ss.fff}" +
        (ErrorType is null ? "" : $" ({ErrorType}: {ErrorMessage})");
}
