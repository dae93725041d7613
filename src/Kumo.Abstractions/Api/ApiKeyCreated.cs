namespace Kumo.Abstractions.Api;

/// <summary>
/// The answer of <c>POST /_kumo/v1/apps/{app}/keys</c>: the new key, with the key itself. Kumo keeps only its
/// SHA-256, so this is the only time it is shown.
/// </summary>
public sealed record ApiKeyCreated
{
    /// <summary>The key's id, such as <c>k-4f9a0c2m7x</c>.</summary>
    public required string Id { get; init; }

    /// <summary>What it is for.</summary>
    public required string Name { get; init; }

    /// <summary>The key: 32 random bytes in base64url, sent by callers in the <c>x-api-key</c> header.</summary>
    public required string Key { get; init; }

    /// <summary>How fast requests with it may come; absent for no limit of its own.</summary>
    public RateLimitSettings? RateLimit { get; init; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
