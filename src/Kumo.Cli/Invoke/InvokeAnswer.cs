using System.Text;
using System.Text.Json;

namespace Kumo.Cli.Invoke;

/// <summary>What the Lambda API's <c>Invoke</c> gave back: the payload, and what its headers said.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Payload">The function's result, or its error document when <paramref name="FunctionError"/> is set.</param>
/// <param name="FunctionError">The <c>X-Amz-Function-Error</c> header (<c>Unhandled</c>), or null on success.</param>
/// <param name="ExecutedVersion">The <c>X-Amz-Executed-Version</c> header.</param>
/// <param name="Log">The decoded <c>X-Amz-Log-Result</c> header: the tail of the invocation's log.</param>
internal sealed record InvokeAnswer(int StatusCode, byte[] Payload, string? FunctionError, string? ExecutedVersion, string? Log)
{
    /// <summary>The <c>x-amzn-RequestId</c> header.</summary>
    public string? RequestId { get; init; }

    /// <summary>Whether the answer is an earlier request's, sent with the same idempotency key (nothing ran again).</summary>
    public bool Replayed { get; init; }

    public string PayloadText => Encoding.UTF8.GetString(Payload);

    /// <summary>One line about a function error: its type and message when the error document has them.</summary>
    public string ErrorSummary(string functionName)
    {
        var summary = $"function '{functionName}' failed ({FunctionError})";
        try
        {
            using var document = JsonDocument.Parse(Payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorMessage", out var message))
            {
                var type = document.RootElement.TryGetProperty("errorType", out var t) ? $"{t}: " : "";
                return $"{summary}: {type}{message}";
            }
        }
        catch (JsonException)
        {
            // An error document that is not JSON is printed as it is.
        }

        return summary;
    }

    /// <summary>The whole answer as one JSON object, the payload embedded as JSON when it is JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("statusCode", StatusCode);
            WriteStringUnlessNull(writer, "executedVersion", ExecutedVersion);
            WriteStringUnlessNull(writer, "functionError", FunctionError);
            WriteStringUnlessNull(writer, "log", Log);
            writer.WritePropertyName("payload");
            if (IsJson(Payload))
            {
                writer.WriteRawValue(Payload);
            }
            else
            {
                writer.WriteStringValue(PayloadText);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStringUnlessNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static bool IsJson(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
