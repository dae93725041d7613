using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// kept until the file's last-write time changes.
/// </summary>
internal sealed partial class JwtAuthorizer(IHttpClientFactory httpClients, TimeProvider time, ILogger<JwtAuthorizer> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> that fetches JWKS documents.</summary>
    public const string JwksClientName = "Kumo.Jwks";

    /// <summary>How long a JWKS fetched from a URL is used before it is fetched again.</summary>
    public static readonly TimeSpan JwksCacheFor = TimeSpan.FromMinutes(5);

    /// <summary>How often a token whose <c>kid</c> the JWKS lacks may cause the JWKS to be fetched again.</summary>
    public static readonly TimeSpan UnknownKidRefetchEvery = TimeSpan.FromMinutes(1);

    /// <summary>How long a JWKS that could not be loaded is not tried (or logged) again.</summary>
    public static readonly TimeSpan RetryFailedLoadAfter = TimeSpan.FromSeconds(10);

    private const string CouldNotCheck = "the authoriser could not check the token";
    private const string Malformed = "the token is not a well-formed signed JWT";
    private const int MaxJwksBytes = 1 << 20;

    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash; the library refuses shorter ones too.
    private const int MinSecretBytes = 32;

    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] Algorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, KeySet> _keySets = new(StringComparer.Ordinal);

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
        var scopes = Scopes(payload.RootElement);
        if (requiredScopes.Count > 0 && !requiredScopes.Any(scopes.Contains))
        {
            return AuthorizationOutcome.Forbidden($"the token has none of the route's scopes: {string.Join(", ", requiredScopes)}");
        }

        return AuthorizationOutcome.Allow(Context(payload.RootElement, scopes));
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
                var keys = await JwksKeysAsync(authorizer.JwksUri, token.Kid, cancellationToken);
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

    /// <summary>The token's scopes: <c>scope</c> (space-separated) and <c>scp</c> (space-separated or an array).</summary>
    private static List<string> Scopes(JsonElement claims)
    {
        var scopes = new List<string>();
        foreach (var name in (ReadOnlySpan<string>)["scope", "scp"])
        {
            if (!claims.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                scopes.AddRange(value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                scopes.AddRange(value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!));
            }
        }

        return [.. scopes.Distinct(StringComparer.Ordinal)];
    }

    /// <summary><c>{"jwt": {"claims": {…}, "scopes": […] or null}}</c>; every claim's value is a string, as API Gateway passes them.</summary>
    private static JsonObject Context(JsonElement payload, List<string> scopes)
    {
        var claims = new JsonObject();
        foreach (var claim in payload.EnumerateObject())
        {
            claims[claim.Name] = claim.Value.ValueKind == JsonValueKind.String ? claim.Value.GetString() : claim.Value.GetRawText();
        }

        return new JsonObject
        {
            ["jwt"] = new JsonObject
            {
                ["claims"] = claims,
                ["scopes"] = scopes.Count == 0 ? null : new JsonArray([.. scopes.Select(scope => JsonValue.Create(scope))]),
            },
        };
    }

    /// <summary>The signing keys of the JWKS at <paramref name="source"/>, loading it when needed; null when it cannot be had.</summary>
    private async Task<IList<SecurityKey>?> JwksKeysAsync(string source, string kid, CancellationToken cancellationToken)
    {
        var set = _keySets.GetOrAdd(source, _ => new KeySet());
        var url = JwksUrl(source, out var path);
        var writtenAt = url is null ? File.GetLastWriteTimeUtc(path) : default;
        var current = set.State;
        if (!NeedsLoad(current, url is not null, writtenAt, kid, time.GetUtcNow(), out _))
        {
            return current.Keys;
        }

        await set.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = set.State;
            var now = time.GetUtcNow();
            if (!NeedsLoad(state, url is not null, writtenAt, kid, now, out var forKid))
            {
                return state.Keys;
            }

            var refetchedForKidAt = forKid ? now : state.RefetchedForKidAt;
            var (keys, problem) = url is null ? await ReadFileAsync(path, cancellationToken) : await FetchAsync(url, cancellationToken);
            if (keys is not null)
            {
                set.State = new KeySetState(keys, now, writtenAt, DateTimeOffset.MinValue, refetchedForKidAt);
                return keys;
            }

            if (url is not null && state.Keys is { } stale)
            {
                // A JWKS server that is briefly down should not lock every caller out; a file's content is the truth.
                LogJwksRefreshFailed(logger, source, stale.Count, problem);
                set.State = state with { FailedAt = now, RefetchedForKidAt = refetchedForKidAt };
                return stale;
            }

            LogJwksUnavailable(logger, source, problem);
            set.State = new KeySetState(null, state.LoadedAt, writtenAt, now, refetchedForKidAt);
            return null;
        }
        finally
        {
            set.Gate.Release();
        }
    }

    private static bool NeedsLoad(KeySetState state, bool isUrl, DateTime writtenAt, string kid, DateTimeOffset now, out bool forKid)
    {
        forKid = false;
        var failedRecently = now - state.FailedAt < RetryFailedLoadAfter;
        if (!isUrl)
        {
            return state.WrittenAt != writtenAt || (state.Keys is null && !failedRecently);
        }

        if (failedRecently)
        {
            return false;
        }

        if (state.Keys is null || now - state.LoadedAt >= JwksCacheFor)
        {
            return true;
        }

        forKid = !string.IsNullOrEmpty(kid)
            && !state.Keys.Any(key => string.Equals(key.KeyId, kid, StringComparison.Ordinal))
            && now - state.RefetchedForKidAt >= UnknownKidRefetchEvery;
        return forKid;
    }

    /// <summary>The http(s) URL <paramref name="source"/> names, or null and the file path it names.</summary>
    private static Uri? JwksUrl(string source, out string path)
    {
        path = source;
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (uri.IsFile)
        {
            path = uri.LocalPath;
            return null;
        }

        return uri;
    }

    private async Task<(IList<SecurityKey>? Keys, string Problem)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return (null, $"'{url.Scheme}' is neither http nor https, and the JWKS is not a file");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        try
        {
            using var client = httpClients.CreateClient(JwksClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"GET answered {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await ReadLimitedAsync(body, timeout.Token) is { } json ? Parse(json) : (null, $"the JWKS is larger than {MaxJwksBytes} bytes");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"GET took longer than {FetchTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return (null, $"GET failed: {e.Message}");
        }
    }

    private static async Task<string?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJwksBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<(IList<SecurityKey>? Keys, string Problem)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    private static (IList<SecurityKey>? Keys, string Problem) Parse(string json)
    {
        try
        {
            var keys = new JsonWebKeySet(json).GetSigningKeys();
            return keys.Count == 0 ? (null, "the JWKS has no RSA or EC signing keys") : (keys, "");
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            return (null, $"the JWKS is not valid JSON Web Key Set: {e.Message}");
        }
    }

    [LoggerMessage(EventId = HttpEventIds.JwtAuthorizerMisconfigured, Level = LogLevel.Warning,
        Message = "A JWT authoriser cannot check tokens, so it refuses them: {Problem}")]
    private static partial void LogMisconfigured(ILogger logger, string problem);

    [LoggerMessage(EventId = HttpEventIds.JwksUnavailable, Level = LogLevel.Warning,
        Message = "The JWKS {Source} could not be loaded, so tokens signed with its keys are refused: {Problem}")]
    private static partial void LogJwksUnavailable(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = HttpEventIds.JwksRefreshFailed, Level = LogLevel.Warning,
        Message = "The JWKS {Source} could not be loaded again, so the {KeyCount} keys loaded before stay in use: {Problem}")]
    private static partial void LogJwksRefreshFailed(ILogger logger, string source, int keyCount, string problem);

    /// <summary>One JWKS's keys; <see cref="Gate"/> lets one load run at a time.</summary>
    private sealed class KeySet
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public KeySetState State { get; set; } = new(null, DateTimeOffset.MinValue, default, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    }

    /// <summary>
    /// What is known of one JWKS, replaced whole so readers outside the gate see a consistent picture.
    /// <paramref name="WrittenAt"/> is the file's last-write time when loaded (files only).
    /// </summary>
    private sealed record KeySetState(
        IList<SecurityKey>? Keys, DateTimeOffset LoadedAt, DateTime WrittenAt, DateTimeOffset FailedAt, DateTimeOffset RefetchedForKidAt);
}
