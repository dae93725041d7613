using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// Checks a bearer JWT as API Gateway's JWT authoriser does: its signature (HS256 with the authoriser's secret,
/// RS256 or ES256 with a key of its JWKS), <c>exp</c> (required) and <c>nbf</c> with the authoriser's clock skew,
/// <c>iss</c> and <c>aud</c>; then the route's scopes. Signatures and times are checked by
/// <see cref="JsonWebTokenHandler"/>. A JWKS at a URL is kept for <see cref="JwksCacheFor"/> and fetched again at
/// once for a token whose <c>kid</c> it lacks (at most every <see cref="UnknownKidRefetchEvery"/>); one in a file is
/// kept until the file's last-write time changes (see <see cref="JwksKeySets"/>).
/// </summary>
internal sealed partial class JwtAuthorizer(IHttpClientFactory httpClients, TimeProvider time, ILogger<JwtAuthorizer> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> that fetches JWKS documents.</summary>
    public const string JwksClientName = JwksReader.ClientName;

    /// <summary>How long a JWKS fetched from a URL is used before it is fetched again.</summary>
    public static readonly TimeSpan JwksCacheFor = JwksKeySets.CacheFor;

    /// <summary>How often a token whose <c>kid</c> the JWKS lacks may cause the JWKS to be fetched again.</summary>
    public static readonly TimeSpan UnknownKidRefetchEvery = JwksKeySets.UnknownKidRefetchEvery;

    /// <summary>How long a JWKS that could not be loaded is not tried (or logged) again.</summary>
    public static readonly TimeSpan RetryFailedLoadAfter = JwksKeySets.RetryFailedLoadAfter;

    private const string CouldNotCheck = "the authoriser could not check the token";
    private const string Malformed = "the token is not a well-formed signed JWT";

    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash; the library refuses shorter ones too.
    private const int MinSecretBytes = 32;

    private static readonly string[] Algorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    private readonly JsonWebTokenHandler _handler = new();
    private readonly JwksKeySets _jwks = new(new JwksReader(httpClients), time, logger);

    /// <summary>
    /// Decides about a request whose <c>Authorization</c> header is <paramref name="authorizationHeader"/>
    /// (<c>Bearer TOKEN</c> or the bare token) on a route that needs one of <paramref name="requiredScopes"/>
    /// (none: any valid token).
    /// </summary>
    public async Task<AuthorizationOutcome> AuthorizeAsync(
        HttpAuthorizer authorizer, string? authorizationHeader, IReadOnlyList<string> requiredScopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(requiredScopes);
        if (BearerToken(authorizationHeader) is not { } encoded)
        {
            return AuthorizationOutcome.Unauthorized("the request has no bearer token in Authorization");
        }

        if (string.IsNullOrEmpty(authorizer.Secret) && string.IsNullOrEmpty(authorizer.JwksUri))
        {
            LogMisconfigured(logger, "it has neither a secret (HS256) nor a JWKS (RS256, ES256)");
            return AuthorizationOutcome.Unauthorized(CouldNotCheck);
        }

        if (Read(encoded) is not { } token)
        {
            return AuthorizationOutcome.Unauthorized(Malformed);
        }

        var (keys, refusal) = await SigningKeysAsync(authorizer, token, cancellationToken);
        if (keys is null)
        {
            return AuthorizationOutcome.Unauthorized(refusal);
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(authorizer, keys));
        if (!result.IsValid)
        {
            return AuthorizationOutcome.Unauthorized(Reason(result.Exception, token));
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        var scopes = JwtClaims.Scopes(payload.RootElement);
        if (requiredScopes.Count > 0 && !requiredScopes.Any(scopes.Contains))
        {
            return AuthorizationOutcome.Forbidden($"the token has none of the route's scopes: {string.Join(", ", requiredScopes)}");
        }

        return AuthorizationOutcome.Allow(JwtClaims.Context(payload.RootElement, scopes));
    }

    private static string? BearerToken(string? header)
    {
        var value = header.AsSpan().Trim();
        if (value.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = value["Bearer ".Length..].TrimStart();
        }

        return value.IsEmpty ? null : value.ToString();
    }

    private JsonWebToken? Read(string encoded)
    {
        if (!_handler.CanReadToken(encoded))
        {
            return null;
        }

        try
        {
            var token = new JsonWebToken(encoded);
            return token.IsEncrypted ? null : token;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The keys that may have signed <paramref name="token"/>, or why there are none.</summary>
    private async Task<(IList<SecurityKey>? Keys, string Refusal)> SigningKeysAsync(
        HttpAuthorizer authorizer, JsonWebToken token, CancellationToken cancellationToken)
    {
        switch (token.Alg)
        {
            case SecurityAlgorithms.HmacSha256 when !string.IsNullOrEmpty(authorizer.Secret):
                var secret = Encoding.UTF8.GetBytes(authorizer.Secret);
                if (secret.Length < MinSecretBytes)
                {
                    LogMisconfigured(logger, $"its secret is shorter than the {MinSecretBytes} bytes HS256 needs");
                    return (null, CouldNotCheck);
                }

                return ([new SymmetricSecurityKey(secret)], "");
            case SecurityAlgorithms.RsaSha256 or SecurityAlgorithms.EcdsaSha256 when !string.IsNullOrEmpty(authorizer.JwksUri):
                var keys = await _jwks.KeysAsync(authorizer.JwksUri, token.Kid, cancellationToken);
                return (keys, CouldNotCheck);
            case SecurityAlgorithms.HmacSha256 or SecurityAlgorithms.RsaSha256 or SecurityAlgorithms.EcdsaSha256:
                return (null, $"the token's algorithm {token.Alg} is not accepted by this authoriser");
            default:
                // Not echoed: the header is the caller's text. This is where "none" ends.
                return (null, "the token's algorithm is not accepted");
        }
    }

    private TokenValidationParameters Parameters(HttpAuthorizer authorizer, IList<SecurityKey> keys) => new()
    {
        ValidAlgorithms = Algorithms,
        IssuerSigningKeys = keys,
        RequireSignedTokens = true,
        ValidateIssuer = !string.IsNullOrEmpty(authorizer.Issuer),
        ValidIssuer = authorizer.Issuer,
        ValidateAudience = authorizer.Audiences.Count > 0,
        ValidAudiences = authorizer.Audiences,
        IgnoreTrailingSlashWhenValidatingAudience = false,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(Math.Max(0, authorizer.ClockSkewSeconds)),
        LifetimeValidator = ValidateLifetime,
    };

    /// <summary>
    /// The library's own lifetime check reads the system clock (its <c>TimeProvider</c> setting is not public in this
    /// version), so this one reads <c>time</c>, and throws the library's exceptions so each failure keeps its reason.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no exp.");
        }

        if (notBefore is { } nbf && nbf > exp)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is after its exp.") { NotBefore = nbf, Expires = exp };
        }

        if (notBefore > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token's nbf is in the future.") { NotBefore = notBefore.Value };
        }

        if (exp < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token's exp is in the past.") { Expires = exp };
        }

        return true;
    }

    private static string Reason(Exception? exception, JsonWebToken token) => exception switch
    {
        // Without a kid every key is tried; the library calls none fitting "key not found", which is a bad signature.
        SecurityTokenSignatureKeyNotFoundException when string.IsNullOrEmpty(token.Kid) => "the token's signature is not valid",
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf)",
        SecurityTokenNoExpirationException => "the token has no expiry (exp)",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is not valid",
        SecurityTokenInvalidAudienceException => "the token's audience is not accepted",
        SecurityTokenInvalidIssuerException => "the token's issuer is not accepted",
        SecurityTokenInvalidAlgorithmException => "the token's algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "the token's signing key is not known",
        SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        SecurityTokenMalformedException or ArgumentException => Malformed,
        _ => "the token is not valid",
    };

    [LoggerMessage(EventId = HttpEventIds.JwtAuthorizerMisconfigured, Level = LogLevel.Warning,
        Message = "A JWT authoriser cannot check tokens, so it refuses them: {Problem}")]
    private static partial void LogMisconfigured(ILogger logger, string problem);
}
