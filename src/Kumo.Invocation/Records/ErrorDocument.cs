using System.Text.Json;

namespace Kumo.Invocation.Records;

/// <summary>Reads the message out of a Lambda error document (<c>{"errorMessage":…,"errorType":…}</c>).</summary>
internal static class ErrorDocument
{
    public static string? MessageOf(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorMessage", out var message)
                && message.ValueKind == JsonValueKind.String
                    ? message.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
