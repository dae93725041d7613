using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>
/// The body of <c>PUT /_kumo/v1/functions/{name}/keep-alive</c>: the function's own keep-alive setting, replacing the one
/// it has. A field left out (or null) follows the platform's setting. An unknown field is refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record KeepAliveRequest
{
    /// <summary><c>fixed</c> or <c>adaptive</c>; absent for the platform's (<c>kumo up --keep-alive</c>).</summary>
    public string? Policy { get; init; }

    /// <summary>How long an idle sandbox is kept, 1–14400 seconds; absent for the platform's (<c>kumo up --idle-timeout</c>).</summary>
    public int? IdleTimeoutSeconds { get; init; }
}
