using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Http;

/// <summary>The gateway's own answers to HTTP requests for functions: a JSON <c>{"message": …}</c>, as API Gateway gives.</summary>
internal static class HttpAnswers
{
    /// <summary>Answers with <c>{"message": …}</c>, as API Gateway does; in debug mode with the function's <c>error</c> document too.</summary>
    public static async Task MessageAsync(HttpContext context, int status, string message, ReadOnlyMemory<byte>? error = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        // Relaxed escaping: the message is read by people with curl as often as by programs ('…' not \u0027…\u0027).
        await using var writer = new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("message", message);
        if (error is { Length: > 0 } document)
        {
            writer.WritePropertyName("error");
            try
            {
                using var parsed = JsonDocument.Parse(document);
                parsed.RootElement.WriteTo(writer);
            }
            catch (JsonException)
            {
                writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(document.Span));
            }
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
