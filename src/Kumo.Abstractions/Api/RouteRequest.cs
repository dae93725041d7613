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

    /// <summary>The function to invoke; leave it out for a route that serves a bucket (<see cref="Bucket"/>).</summary>
    public string? Function { get; init; }

    /// <summary>
    /// Instead of <see cref="Function"/>: a bucket of the tenant whose objects the route serves to GET and HEAD. The
    /// method is then <c>GET</c>, <c>HEAD</c> or <c>ANY</c>, and the path <c>$default</c> or one that ends with a greedy parameter.
    /// </summary>
    public string? Bucket { get; init; }

    /// <summary>With <see cref="Bucket"/>: the folder of the bucket served, such as <c>site/</c>; left out for the whole bucket.</summary>
    public string? Prefix { get; init; }

    /// <summary>Left out, or <c>$LATEST</c>: functions have no versions or aliases yet.</summary>
    public string? Qualifier { get; init; }

    /// <summary><c>2.0</c> (the default) or <c>1.0</c>.</summary>
    public string? PayloadFormat { get; init; }

    /// <summary>1–900 seconds the gateway waits before answering 504; left out for the function's own timeout.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary><c>NONE</c> (the default), <c>JWT</c> or <c>CUSTOM</c> (a function decides), in any case.</summary>
    public string? AuthorizationType { get; init; }

    /// <summary>For <c>JWT</c> and <c>CUSTOM</c>: the name of the app's authoriser, of type <c>jwt</c> or <c>lambda</c>.</summary>
    public string? Authorizer { get; init; }

    /// <summary>For <c>JWT</c>: scopes of which the token must carry at least one; left out for none.</summary>
    public IReadOnlyList<string?>? Scopes { get; init; }

    /// <summary>Whether a request must carry one of the app's API keys in <c>x-api-key</c> (default false).</summary>
    public bool? ApiKeyRequired { get; init; }

    /// <summary>How fast requests to the route may come, across callers; left out for no limit.</summary>
    public RateLimitSettings? RateLimit { get; init; }
}
