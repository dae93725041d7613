namespace Kumo.Abstractions.Api;

/// <summary>
/// An app as <c>GET /_kumo/v1/apps</c> lists it: its address, how many routes it has, and its settings. Secrets
/// and the hashes of API keys are never shown.
/// </summary>
public sealed record AppEntry
{
    /// <summary>The app's name.</summary>
    public required string Name { get; init; }

    /// <summary>Where it is served, such as <c>http://shop.api.localhost:7070/</c>.</summary>
    public required string Url { get; init; }

    /// <summary>How many routes it has.</summary>
    public int RouteCount { get; init; }

    /// <summary>CORS for all of its routes; absent for none.</summary>
    public CorsSettings? Cors { get; init; }

    /// <summary>Whether a failed function's error is shown in the 502's body.</summary>
    public bool Debug { get; init; }

    /// <summary>Its authorisers, by name.</summary>
    public IReadOnlyDictionary<string, AuthorizerEntry> Authorizers { get; init; } = new Dictionary<string, AuthorizerEntry>();

    /// <summary>Its API keys, without the keys.</summary>
    public IReadOnlyList<ApiKeyEntry> ApiKeys { get; init; } = [];

    /// <summary>When its settings last changed; absent when it has none (only routes).</summary>
    public DateTimeOffset? LastModified { get; init; }
}
