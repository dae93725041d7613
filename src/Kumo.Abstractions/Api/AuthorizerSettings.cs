using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>
/// One authoriser in the body of <c>PUT /_kumo/v1/apps/{app}</c>: a JWT check (<c>jwt</c>) or a function that
/// decides (<c>lambda</c>). Fields of the other type are refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AuthorizerSettings
{
    /// <summary><c>jwt</c> or <c>lambda</c>, in any case.</summary>
    public string? Type { get; init; }

    /// <summary>jwt: the required <c>iss</c>; absent accepts any issuer.</summary>
    public string? Issuer { get; init; }

    /// <summary>jwt: accepted <c>aud</c> values; absent or empty accepts any audience.</summary>
    public IReadOnlyList<string?>? Audiences { get; init; }

    /// <summary>jwt: the JWKS of RS256 and ES256 tokens: an <c>http(s)</c> URL, or the absolute path of a file.</summary>
    public string? JwksUri { get; init; }

    /// <summary>jwt: the shared secret of HS256 tokens, at least 32 bytes of UTF-8. Never shown again.</summary>
    public string? Secret { get; init; }

    /// <summary>jwt: how far <c>exp</c> and <c>nbf</c> may be off, 0–600 seconds (default 60).</summary>
    public int? ClockSkewSeconds { get; init; }

    /// <summary>lambda: the function that decides.</summary>
    public string? Function { get; init; }

    /// <summary>lambda: how long a decision is reused for the same identity, 0–3600 seconds (default 300).</summary>
    public int? ResultTtlSeconds { get; init; }

    /// <summary>lambda: the parts of the request that identify the caller (default <c>$request.header.Authorization</c>).</summary>
    public IReadOnlyList<string?>? IdentitySource { get; init; }

    /// <summary>lambda: whether the function answers <c>{"isAuthorized": …}</c> rather than an IAM policy (default true).</summary>
    public bool? EnableSimpleResponses { get; init; }
}
