using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>The body of <c>POST /_kumo/v1/apps/{app}/keys</c>: a new API key. An unknown field is refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApiKeyRequest
{
    /// <summary>What the key is for: 1–128 characters, such as <c>partner-a</c>.</summary>
    public string? Name { get; init; }

    /// <summary>How fast requests with this key may come; absent for no limit of its own.</summary>
    public RateLimitSettings? RateLimit { get; init; }
}
