using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.Gateway.Http.Auth;

/// <summary>What a checked token's payload tells the route: its scopes, and the authoriser context passed to the function.</summary>
internal static class JwtClaims
{
    /// <summary>The token's scopes: <c>scope</c> (space-separated) and <c>scp</c> (space-separated or an array).</summary>
    public static List<string> Scopes(JsonElement claims)
    {
        var scopes = new List<string>();
        foreach (var name in (ReadOnlySpan<string>)["scope", "scp"])
        {
            if (!claims.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                scopes.AddRange(value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                scopes.AddRange(value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!));
            }
        }

        return [.. scopes.Distinct(StringComparer.Ordinal)];
    }

    /// <summary><c>{"jwt": {"claims": {…}, "scopes": […] or null}}</c>; every claim's value is a string, as API Gateway passes them.</summary>
    public static JsonObject Context(JsonElement payload, List<string> scopes)
    {
        var claims = new JsonObject();
        foreach (var claim in payload.EnumerateObject())
        {
            claims[claim.Name] = claim.Value.ValueKind == JsonValueKind.String ? claim.Value.GetString() : claim.Value.GetRawText();
        }

        return new JsonObject
        {
            ["jwt"] = new JsonObject
            {
                ["claims"] = claims,
                ["scopes"] = scopes.Count == 0 ? null : new JsonArray([.. scopes.Select(scope => JsonValue.Create(scope))]),
            },
        };
    }
}
