using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>One route of an app's HTTP API, as <c>GET /_kumo/v1/routes</c> lists it and <c>POST</c> answers it.</summary>
public sealed record RouteEntry
{
    /// <summary>The route's id, such as <c>r-k3v9x0q2mz</c>.</summary>
    public required string RouteId { get; init; }

    /// <summary>The app it belongs to.</summary>
    public required string App { get; init; }

    /// <summary>The method in capitals, or <c>ANY</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The path template, such as <c>/users/{id}</c>, or <c>$default</c>.</summary>
    public required string Path { get; init; }

    /// <summary>API Gateway's route key: <c>GET /users/{id}</c>, or <c>$default</c>.</summary>
    public required string RouteKey { get; init; }

    /// <summary>The function it invokes; absent for a route that serves a bucket.</summary>
    public string? Function { get; init; }

    /// <summary>The bucket whose objects it serves; absent for a route that invokes a function.</summary>
    public string? Bucket { get; init; }

    /// <summary>The folder of <see cref="Bucket"/> it serves (ending in '/'); absent for the whole bucket.</summary>
    public string? Prefix { get; init; }

    /// <summary>The function's version or alias; absent for <c>$LATEST</c>.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The event's shape: <c>2.0</c> (HTTP API) or <c>1.0</c> (REST API proxy).</summary>
    public required string PayloadFormat { get; init; }

    /// <summary>How long the gateway waits for the function; absent for the function's own timeout.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>How callers are checked: <c>NONE</c>, <c>JWT</c> or <c>CUSTOM</c>.</summary>
    public string AuthorizationType { get; init; } = "NONE";

    /// <summary>For <c>JWT</c> and <c>CUSTOM</c>: the app's authoriser that checks callers; absent for <c>NONE</c>.</summary>
    public string? Authorizer { get; init; }

    /// <summary>For <c>JWT</c>: scopes of which the token must carry one; absent when there are none.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>Whether a request must carry one of the app's API keys; absent when not.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ApiKeyRequired { get; init; }

    /// <summary>How fast requests to the route may come; absent for no limit.</summary>
    public RateLimitSettings? RateLimit { get; init; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where it is served: the app's address and the path (<c>http://shop.api.localhost:7070/users/{id}</c>); the app's address for <c>$default</c>.</summary>
    public required string Url { get; init; }
}
