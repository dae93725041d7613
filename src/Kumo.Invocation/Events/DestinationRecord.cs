using System.Globalization;
using System.Text.Json;
using Kumo.Abstractions.Events;

namespace Kumo.Invocation.Events;

/// <summary>Lambda's destination record: the event, how it ended, and the function's answer.</summary>
internal static class DestinationRecord
{
    /// <summary>The condition of a success, as Lambda names it.</summary>
    public const string Success = "Success";

    /// <summary>Every attempt failed.</summary>
    public const string RetriesExhausted = "RetriesExhausted";

    /// <summary>The event grew too old to run.</summary>
    public const string EventAgeExceeded = "EventAgeExceeded";

    /// <summary>Builds the record for <paramref name="queued"/>.</summary>
    /// <param name="queued">The event.</param>
    /// <param name="functionArn">The qualified ARN of the function that ran it.</param>
    /// <param name="condition">One of the conditions above.</param>
    /// <param name="attempts">How many times the function ran it.</param>
    /// <param name="response">The last answer, or null when the function never ran it.</param>
    /// <param name="functionError">Whether that answer was an error.</param>
    /// <param name="now">The record's time.</param>
    public static byte[] Create(
        QueuedEvent queued, string functionArn, string condition, int attempts, ReadOnlyMemory<byte>? response, bool functionError, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(queued);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("requestContext");
            json.WriteString("requestId", queued.RequestId);
            json.WriteString("functionArn", functionArn);
            json.WriteString("condition", condition);
            json.WriteNumber("approximateInvokeCount", attempts);
            json.WriteEndObject();
            WriteJsonOrString(json, "requestPayload", queued.Payload);
            if (response is { } answer)
            {
                json.WriteStartObject("responseContext");
                json.WriteNumber("statusCode", 200);
                json.WriteString("executedVersion", "$LATEST");
                if (functionError)
                {
                    json.WriteString("functionError", "Unhandled");
                }

                json.WriteEndObject();
                WriteJsonOrString(json, "responsePayload", answer);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A payload that is JSON goes in as JSON; anything else as a string.</summary>
    private static void WriteJsonOrString(Utf8JsonWriter json, string name, ReadOnlyMemory<byte> payload)
    {
        json.WritePropertyName(name);
        try
        {
            using var document = JsonDocument.Parse(payload);
            document.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteStringValue(System.Text.Encoding.UTF8.GetString(payload.Span));
        }
    }
}
