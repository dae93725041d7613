namespace Kumo.Abstractions.Http;

/// <summary>
/// A route of an app's HTTP API: a method and a path template that invoke a function, or that serve the objects of
/// a bucket (a static route: <see cref="StaticBucket"/> set, <see cref="FunctionName"/> empty — a route has exactly
/// one of the two). Templates are literal segments, <c>{name}</c> parameters (one whole segment) and, last, a greedy
/// <c>{name+}</c>; <c>$default</c> matches what no other route does.
/// </summary>
public sealed record HttpRoute
{
    /// <summary>The tenant that owns the app.</summary>
    public required string TenantId { get; init; }

    /// <summary>The app the route belongs to; its routes are served at <c>{app}.api.localhost</c> and <c>/_kumo/api/{app}/</c>.</summary>
    public required string App { get; init; }

    /// <summary>The route's id: unique within the tenant.</summary>
    public required string RouteId { get; init; }

    /// <summary>An HTTP method in capitals, or <c>ANY</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The path template, starting with <c>/</c>, or <c>$default</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The function to invoke; empty for a static route (<see cref="StaticBucket"/>).</summary>
    public required string FunctionName { get; init; }

    /// <summary>
    /// For a static route: the bucket whose objects it serves (GET and HEAD), the rest of the path (its greedy
    /// parameter, or the whole path for <c>$default</c>) after <see cref="StaticPrefix"/> being the key. Null for a
    /// route that invokes a function.
    /// </summary>
    public string? StaticBucket { get; init; }

    /// <summary>For a static route: the folder of <see cref="StaticBucket"/> it serves, ending in '/'; null for the whole bucket.</summary>
    public string? StaticPrefix { get; init; }

    /// <summary>Whether the route serves a bucket's objects rather than invoking a function.</summary>
    public bool IsStatic => StaticBucket is not null;

    /// <summary>The function's version or alias; null for <c>$LATEST</c>.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The event's shape: <c>2.0</c> (HTTP API) or <c>1.0</c> (REST API proxy).</summary>
    public string PayloadFormat { get; init; } = HttpPayloadFormats.V2;

    /// <summary>How long the gateway waits for the function before answering 504; null for the function's own timeout.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>
    /// How callers are checked: <c>NONE</c>, <c>JWT</c> or <c>CUSTOM</c> (a function), as API Gateway names it;
    /// see <see cref="HttpAuthorizationTypes"/>.
    /// </summary>
    public string AuthorizationType { get; init; } = HttpAuthorizationTypes.None;

    /// <summary>For <c>JWT</c> and <c>CUSTOM</c>: the name of the app's authoriser.</summary>
    public string? AuthorizerName { get; init; }

    /// <summary>For <c>JWT</c>: scopes of which the token must carry at least one (<c>scope</c> or <c>scp</c> claim); empty for none.</summary>
    public IReadOnlyList<string> AuthorizationScopes { get; init; } = [];

    /// <summary>Whether a request must carry one of the app's API keys in <c>x-api-key</c>.</summary>
    public bool ApiKeyRequired { get; init; }

    /// <summary>How fast requests to this route may come, across callers; null for no limit.</summary>
    public RateLimit? RateLimit { get; init; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>API Gateway's route key: <c>GET /users/{id}</c>, or <c>$default</c>.</summary>
    public string RouteKey => Path == DefaultPath ? DefaultPath : $"{Method} {Path}";

    /// <summary>The path of the catch-all route.</summary>
    public const string DefaultPath = "$default";
}

/// <summary>The values of <see cref="HttpRoute.AuthorizationType"/>.</summary>
public static class HttpAuthorizationTypes
{
    /// <summary>Anyone may call the route.</summary>
    public const string None = "NONE";

    /// <summary>A bearer JWT checked by the route's <c>jwt</c> authoriser.</summary>
    public const string Jwt = "JWT";

    /// <summary>The route's <c>lambda</c> authoriser decides.</summary>
    public const string Custom = "CUSTOM";
}

/// <summary>The values of <see cref="HttpRoute.PayloadFormat"/>.</summary>
public static class HttpPayloadFormats
{
    /// <summary>The REST API proxy event (<c>httpMethod</c>, <c>multiValueHeaders</c>, …).</summary>
    public const string V1 = "1.0";

    /// <summary>The HTTP API event (<c>rawPath</c>, <c>cookies</c>, <c>requestContext.http</c>, …).</summary>
    public const string V2 = "2.0";
}
