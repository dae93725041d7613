using System.Text.Json;

namespace Bench;

/// <summary>The benchmark's .NET function: when it was entered (ms since the epoch), then a sleep of the event's <c>sleepMs</c>.</summary>
public sealed class Function
{
    public Dictionary<string, object?> Handle(JsonElement input)
    {
        var entered = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("sleepMs", out var sleep) && sleep.TryGetInt32(out var ms) && ms > 0)
        {
            Thread.Sleep(ms);
        }

        return new() { ["entered"] = entered };
    }
}
