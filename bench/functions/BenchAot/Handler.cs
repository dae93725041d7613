using System.Globalization;
using System.Text.Json;

namespace BenchAot;

/// <summary>The benchmark's handler: the moment it was entered, then a sleep of the event's <c>sleepMs</c> if it has one.</summary>
internal static class Handler
{
    public static string Handle(ReadOnlySpan<byte> eventJson)
    {
        var entered = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        var sleepMs = 0;
        var reader = new Utf8JsonReader(eventJson);
        // Only the top-level "sleepMs" counts; anything else in the event is skipped.
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSleep = reader.ValueTextEquals("sleepMs"u8);
                reader.Read();
                if (isSleep && reader.TokenType == JsonTokenType.Number)
                {
                    sleepMs = reader.GetInt32();
                }

                reader.Skip();
            }
        }

        if (sleepMs > 0)
        {
            Thread.Sleep(sleepMs);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{{\"entered\":{entered:0.000}}}");
    }
}
