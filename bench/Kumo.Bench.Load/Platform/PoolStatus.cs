using System.Text.Json;

namespace Kumo.Bench.Load.Platform;

/// <summary>One pre-warmed pool as <c>GET /_kumo/v1/status</c> shows it: <c>{kind, ready, starting, target}</c>.</summary>
internal sealed record PoolStatus(string Kind, int Ready, int Starting, int Target)
{
    public bool Full => Ready >= Target;

    /// <summary>The <c>pools</c> array wherever the status has it (at the top or under <c>sandboxes</c>); null when it has none.</summary>
    public static IReadOnlyList<PoolStatus>? Find(JsonElement status)
    {
        foreach (var candidate in new[] { status, status.TryGetProperty("sandboxes", out var sandboxes) ? sandboxes : default })
        {
            if (candidate.ValueKind == JsonValueKind.Object && candidate.TryGetProperty("pools", out var pools) && pools.ValueKind == JsonValueKind.Array)
            {
                return [.. pools.EnumerateArray().Select(p => new PoolStatus(
                    p.TryGetProperty("kind", out var kind) ? kind.ToString() : "?",
                    Int(p, "ready"), Int(p, "starting"), Int(p, "target")))];
            }
        }

        return null;
    }

    private static int Int(JsonElement pool, string name) =>
        pool.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}
