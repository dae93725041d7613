using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>
/// The body of <c>POST /_kumo/v1/routes</c>: a new route. Every field is read as given and checked by the server,
/// which names every problem in one answer; an unknown field is refused, so that a typo is never ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RouteRequest
{
    /// <summary>The app: 1–63 lowercase letters, digits and '-', starting with a letter.</summary>
    public string? App { get; init; }

    /// <summary><c>GET</c>, <c>POST</c>, <c>PUT</c>, <c>PATCH</c>, <c>DELETE</c>, <c>HEAD</c>, <c>OPTIONS</c> or <c>ANY</c>, in any case; may be left out for <c>$default</c>.</summary>
    public string? Method { get; init; }

    /// <summary>The path template, such as <c>/users/{id}</c>, or <c>$default</c>.</summary>
    public string? Path { get; init; }

    /// <summary>The function to invoke.</summary>
    public string? Function { get; init; }

    /// <summary>Left out, or <c>$LATEST</c>: functions have no versions or aliases yet.</summary>
    public string? Qualifier { get; init; }

    /// <summary><c>2.0</c> (the default) or <c>1.0</c>.</summary>
    public string? PayloadFormat { get; init; }

    /// <summary>1–900 seconds the gateway waits before answering 504; left out for the function's own timeout.</summary>
    public int? TimeoutSeconds { get; init; }
}
