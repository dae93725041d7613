using System.Net;
using System.Text.Json;

namespace Kumo.Cli.Invoke;

/// <summary>
/// Turns a Lambda API error answer (its <c>X-Amzn-ErrorType</c> header and its JSON body with <c>Message</c>)
/// into one line such as <c>ResourceNotFoundException: Function not found: …</c>.
/// </summary>
internal static class LambdaErrorText
{
    public static async Task<string> ReadAsync(HttpResponseMessage response, string what, Uri endpoint, CancellationToken cancellationToken)
    {
        // AWS sends "ResourceNotFoundException:http://internal.amazon.com/…" in the header; the name is what matters.
        var type = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        string? message = null;
        string? reason = null;
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                message = Text(document.RootElement, "Message") ?? Text(document.RootElement, "message");
                type ??= Text(document.RootElement, "__type") ?? Text(document.RootElement, "code");
                reason = Text(document.RootElement, "Reason");
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status says what there is to say.
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = response.Headers.RetryAfter?.Delta is { } delta ? $"in {delta.TotalSeconds:0} s" : "in a moment";
            var limit = reason is null ? "" : $" ({reason})";
            return $"{type ?? "TooManyRequestsException"}: {(message ?? "Rate exceeded").TrimEnd('.')}. " +
                $"The function was throttled{limit}: it is at its concurrency limit; retry {wait}.";
        }

        return (type, message) switch
        {
            (not null, not null) => $"{type}: {message}",
            (null, not null) => message,
            (not null, null) => $"{type} ({(int)response.StatusCode} {response.ReasonPhrase})",
            _ => $"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} to {what}; is it a Kumo server?",
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
