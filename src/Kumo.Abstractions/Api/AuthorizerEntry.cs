namespace Kumo.Abstractions.Api;

/// <summary>
/// One authoriser of an app as the native API shows it: the fields of its type. A JWT secret is never shown, only
/// that there is one (<see cref="SecretSet"/>).
/// </summary>
public sealed record AuthorizerEntry
{
    /// <summary><c>jwt</c> or <c>lambda</c>.</summary>
    public required string Type { get; init; }

    /// <summary>jwt: the required <c>iss</c>; absent when any issuer is accepted.</summary>
    public string? Issuer { get; init; }

    /// <summary>jwt: the accepted <c>aud</c> values; absent when any audience is accepted.</summary>
    public IReadOnlyList<string>? Audiences { get; init; }

    /// <summary>jwt: where its signing keys are.</summary>
    public string? JwksUri { get; init; }

    /// <summary>jwt: true when it has an HS256 secret; absent otherwise.</summary>
    public bool? SecretSet { get; init; }

    /// <summary>jwt: how far <c>exp</c> and <c>nbf</c> may be off, in seconds.</summary>
    public int? ClockSkewSeconds { get; init; }

    /// <summary>lambda: the function that decides.</summary>
    public string? Function { get; init; }

    /// <summary>lambda: how long a decision is reused, in seconds.</summary>
    public int? ResultTtlSeconds { get; init; }

    /// <summary>lambda: the parts of the request that identify the caller.</summary>
    public IReadOnlyList<string>? IdentitySource { get; init; }

    /// <summary>lambda: whether the function answers in the simple form.</summary>
    public bool? EnableSimpleResponses { get; init; }
}
