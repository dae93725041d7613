namespace Kumo.Abstractions.Http;

/// <summary>
/// An app's HTTP settings, beside its routes: CORS for every route, debug mode, the authorisers its routes name,
/// and its API keys. An app without settings has none of them.
/// </summary>
public sealed record HttpApp
{
    /// <summary>The tenant that owns the app.</summary>
    public required string TenantId { get; init; }

    /// <summary>The app's name: a DNS label (lowercase letters, digits, '-').</summary>
    public required string Name { get; init; }

    /// <summary>CORS for all of the app's routes: the gateway answers preflights and adds the headers; null for none.</summary>
    public CorsConfig? Cors { get; init; }

    /// <summary>When true, a failed function's error (message, type, stack trace) is in the 502's body; otherwise it is not shown.</summary>
    public bool Debug { get; init; }

    /// <summary>The authorisers routes can name, by name.</summary>
    public IReadOnlyDictionary<string, HttpAuthorizer> Authorizers { get; init; } = new Dictionary<string, HttpAuthorizer>();

    /// <summary>The API keys that routes with <see cref="HttpRoute.ApiKeyRequired"/> accept (in the <c>x-api-key</c> header).</summary>
    public IReadOnlyList<HttpApiKey> ApiKeys { get; init; } = [];

    /// <summary>When the settings last changed.</summary>
    public DateTimeOffset LastModified { get; init; }
}

/// <summary>An authoriser: a JWT check, or a function that decides.</summary>
public sealed record HttpAuthorizer
{
    /// <summary><see cref="HttpAuthorizerTypes.Jwt"/> or <see cref="HttpAuthorizerTypes.Lambda"/>.</summary>
    public required string Type { get; init; }

    /// <summary>JWT: the required <c>iss</c>; null accepts any issuer.</summary>
    public string? Issuer { get; init; }

    /// <summary>JWT: accepted <c>aud</c> values; the token must carry one of them. Empty accepts any audience.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>JWT: where the signing keys are (RS256, ES256): an <c>http(s)</c> URL or a file path of a JWKS document.</summary>
    public string? JwksUri { get; init; }

    /// <summary>JWT: the shared secret of HS256 tokens, as text.</summary>
    public string? Secret { get; init; }

    /// <summary>JWT: how far <c>exp</c> and <c>nbf</c> may be off, in seconds.</summary>
    public int ClockSkewSeconds { get; init; } = 60;

    /// <summary>Lambda: the function that decides.</summary>
    public string? FunctionName { get; init; }

    /// <summary>Lambda: how long a decision is reused for the same identity, in seconds; 0 asks every time.</summary>
    public int ResultTtlSeconds { get; init; } = 300;

    /// <summary>
    /// Lambda: the parts of the request that identify the caller, as API Gateway writes them
    /// (<c>$request.header.Authorization</c>, <c>$request.querystring.token</c>); a request without them is refused
    /// without asking, and the cache is keyed by their values.
    /// </summary>
    public IReadOnlyList<string> IdentitySource { get; init; } = ["$request.header.Authorization"];

    /// <summary>Lambda: the answer is the simple <c>{"isAuthorized": …, "context": …}</c>; otherwise an IAM policy.</summary>
    public bool EnableSimpleResponses { get; init; } = true;
}

/// <summary>The values of <see cref="HttpAuthorizer.Type"/>.</summary>
public static class HttpAuthorizerTypes
{
    /// <summary>Checks a bearer JWT's signature, issuer, audience and times.</summary>
    public const string Jwt = "jwt";

    /// <summary>Asks a function.</summary>
    public const string Lambda = "lambda";
}

/// <summary>An API key of an app. Only the key's SHA-256 is kept; the key itself is shown once, when made.</summary>
/// <param name="Id">The key's id, shown in lists.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of the key.</param>
/// <param name="RateLimit">How fast requests with this key may come; null for no limit of its own.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record HttpApiKey(string Id, string Name, string Sha256, RateLimit? RateLimit, DateTimeOffset CreatedAt);

/// <summary>A token bucket: <paramref name="Rate"/> requests a second on average, bursts of up to <paramref name="Burst"/>.</summary>
/// <param name="Rate">Tokens added per second.</param>
/// <param name="Burst">The bucket's size.</param>
public sealed record RateLimit(double Rate, int Burst);
