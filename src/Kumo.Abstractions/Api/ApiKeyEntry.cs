namespace Kumo.Abstractions.Api;

/// <summary>An app's API key as lists show it: never the key, nor its hash.</summary>
public sealed record ApiKeyEntry
{
    /// <summary>The key's id, such as <c>k-4f9a0c2m7x</c>.</summary>
    public required string Id { get; init; }

    /// <summary>What it is for.</summary>
    public required string Name { get; init; }

    /// <summary>How fast requests with it may come; absent for no limit of its own.</summary>
    public RateLimitSettings? RateLimit { get; init; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
