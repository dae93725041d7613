using System.Text.Json;

namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// What tests/clients/js/webapp-page.mjs saw on the webapp sample's page: whether it went without a problem (no
/// console error, failed request or unexpected error answer), the problems, and the texts it read from the page.
/// </summary>
internal sealed record PageVerdict(bool Ok, IReadOnlyList<string> Problems, JsonElement Texts, string Json)
{
    public static PageVerdict Read(JsonElement root, string json) => new(
        root.GetProperty("ok").GetBoolean(),
        [.. root.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!)],
        root.GetProperty("texts").Clone(),
        json);

    /// <summary>A text read from the page, such as <c>greeting</c>; null when the page had none.</summary>
    public string? Text(string name) =>
        Texts.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    /// <summary>One line of the page's "what the function saw" list, such as <c>routeKey</c>.</summary>
    public string? Seen(string field) =>
        Texts.GetProperty("request").TryGetProperty(field, out var value) ? value.GetString() : null;
}
