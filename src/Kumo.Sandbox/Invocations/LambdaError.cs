using System.Text.Json;

namespace Kumo.Sandbox.Invocations;

/// <summary>Lambda's error document, for errors the platform itself reports (timeouts, crashes, limits).</summary>
internal static class LambdaError
{
    public static byte[] Create(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", errorMessage);
            json.WriteString("errorType", errorType);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
