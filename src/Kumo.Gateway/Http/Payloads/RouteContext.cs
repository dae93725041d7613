using System.Text.Json.Nodes;

namespace Kumo.Gateway.Http.Payloads;

/// <summary>What the gateway knows of the route that matched a request: the API's part of the event.</summary>
internal sealed record RouteContext
{
    /// <summary><c>$default</c> (function URLs and catch-all routes), or a method and template such as <c>GET /users/{id}</c>.</summary>
    public required string RouteKey { get; init; }

    /// <summary>
    /// The path template for payload format 1.0, such as <c>/users/{id}</c> or <c>/{proxy+}</c>; null to use the raw path.
    /// </summary>
    public string? Resource { get; init; }

    /// <summary>The values of the template's parameters, already decoded; null or empty when it has none.</summary>
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    /// <summary>The API's id (for a function URL, the URL's id).</summary>
    public required string ApiId { get; init; }

    /// <summary>The stage's name.</summary>
    public string Stage { get; init; } = "$default";

    /// <summary>The account that owns the function.</summary>
    public required string AccountId { get; init; }

    /// <summary>What an authorizer found, written as-is under <c>requestContext.authorizer</c>; null to leave it out.</summary>
    public JsonObject? Authorizer { get; init; }
}
