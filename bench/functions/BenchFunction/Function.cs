using System.Text.Json;

namespace Bench;

public sealed class Function
{
    public Dictionary<string, object?> Handle(JsonElement input) => new()
    {
        ["entered"] = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds,
        ["echo"] = input,
    };
}
