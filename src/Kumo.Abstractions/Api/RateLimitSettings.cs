using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>
/// A token bucket as the native API spells it, for a route or an API key: <see cref="Rate"/> requests a second on
/// average, bursts of up to <see cref="Burst"/>. In a request both are required.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RateLimitSettings
{
    /// <summary>Requests a second, more than 0 and at most 10000; may be fractional (0.5 is one every two seconds).</summary>
    public double? Rate { get; init; }

    /// <summary>The most requests at once, 1–100000.</summary>
    public int? Burst { get; init; }
}
