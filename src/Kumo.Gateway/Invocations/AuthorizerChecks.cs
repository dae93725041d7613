using System.Text;
using System.Text.RegularExpressions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// What the native API checks of one authoriser in an app's settings: the fields of its type, within the limits
/// the gateway can honour. Fields of the other type are refused, so that a setting is never silently ignored.
/// Whether a <c>lambda</c> authoriser's function exists is asked by <see cref="AppChecks"/>.
/// </summary>
internal static partial class AuthorizerChecks
{
    /// <summary>RFC 7518 §3.2: an HS256 key is at least as long as the hash; the gateway refuses shorter ones.</summary>
    public const int MinSecretBytes = 32;

    public const int MaxClockSkewSeconds = 600;
    public const int MaxResultTtlSeconds = 3600;

    private const string HeaderSource = "$request.header.";
    private const string QuerySource = "$request.querystring.";
    private const string ContextSource = "$context.";

    /// <summary>The <c>$context</c> variables the gateway knows; any other would never be present, refusing every request.</summary>
    private static readonly string[] ContextVariables =
        ["apiId", "domainName", "httpMethod", "identity.sourceIp", "identity.userAgent", "path", "protocol", "routeKey", "stage"];

    private static readonly string[] JwtFields = ["issuer", "audiences", "jwksUri", "secret", "clockSkewSeconds"];
    private static readonly string[] LambdaFields = ["function", "resultTtlSeconds", "identitySource", "enableSimpleResponses"];

    /// <summary>The authoriser to store, with its type in lowercase and defaults filled in; null when it has problems.</summary>
    public static HttpAuthorizer? Check(string name, AuthorizerSettings? settings, List<string> problems)
    {
        var count = problems.Count;
        var field = $"authorizers.{name}";
        if (!NamePattern().IsMatch(name))
        {
            problems.Add($"authoriser name '{Shorten(name)}' is not valid: use 1 to 64 letters, digits, '-' and '_'");
            field = "authorizers.<that name>";
        }

        if (settings is null)
        {
            problems.Add($"{field} is null: give {{\"type\": \"jwt\", …}} or {{\"type\": \"lambda\", …}}");
            return null;
        }

        var type = settings.Type?.ToLowerInvariant();
        var authorizer = type switch
        {
            HttpAuthorizerTypes.Jwt => Jwt(field, settings, problems),
            HttpAuthorizerTypes.Lambda => Lambda(field, settings, problems),
            null => Missing($"{field}.type is missing: use jwt (a bearer JWT is checked) or lambda (a function decides)", problems),
            _ => Missing($"{field}.type '{settings.Type}' is not valid: use jwt or lambda", problems),
        };
        return problems.Count > count ? null : authorizer;
    }

    private static HttpAuthorizer? Missing(string problem, List<string> problems)
    {
        problems.Add(problem);
        return null;
    }

    private static HttpAuthorizer Jwt(string field, AuthorizerSettings settings, List<string> problems)
    {
        Unused(field, HttpAuthorizerTypes.Jwt, LambdaFields,
            [settings.Function, settings.ResultTtlSeconds, settings.IdentitySource, settings.EnableSimpleResponses], problems);
        var hasSecret = !string.IsNullOrEmpty(settings.Secret);
        var hasJwks = !string.IsNullOrEmpty(settings.JwksUri);
        if (hasSecret == hasJwks)
        {
            problems.Add(hasSecret
                ? $"{field} has both secret and jwksUri: give secret for HS256 tokens or jwksUri for RS256 and ES256 tokens, not both"
                : $"{field} needs secret (HS256 tokens, at least {MinSecretBytes} bytes) or jwksUri (RS256 and ES256 tokens: an https URL or a file's absolute path)");
        }

        if (hasSecret && Encoding.UTF8.GetByteCount(settings.Secret!) < MinSecretBytes)
        {
            // The secret's length may be said; the secret may not.
            problems.Add($"{field}.secret is {Encoding.UTF8.GetByteCount(settings.Secret!)} bytes: HS256 needs at least {MinSecretBytes}");
        }

        if (hasJwks && JwksProblem(settings.JwksUri!) is { } jwksProblem)
        {
            problems.Add($"{field}.jwksUri '{Shorten(settings.JwksUri!)}' {jwksProblem}");
        }

        if (settings.Issuer is { Length: 0 })
        {
            problems.Add($"{field}.issuer is empty: give the iss tokens must carry, or leave it out to accept any issuer");
        }

        var audiences = AppChecks.List(
            $"{field}.audiences", settings.Audiences, a => a.Length > 0, "each audience is a non-empty aud value, such as shop", problems);
        if (settings.ClockSkewSeconds is < 0 or > MaxClockSkewSeconds)
        {
            problems.Add($"{field}.clockSkewSeconds {settings.ClockSkewSeconds} is not valid: use 0 to {MaxClockSkewSeconds}");
        }

        var defaults = new HttpAuthorizer { Type = HttpAuthorizerTypes.Jwt };
        return defaults with
        {
            Issuer = settings.Issuer,
            Audiences = audiences,
            JwksUri = hasJwks ? settings.JwksUri : null,
            Secret = hasSecret ? settings.Secret : null,
            ClockSkewSeconds = settings.ClockSkewSeconds ?? defaults.ClockSkewSeconds,
        };
    }

    private static HttpAuthorizer Lambda(string field, AuthorizerSettings settings, List<string> problems)
    {
        Unused(field, HttpAuthorizerTypes.Lambda, JwtFields,
            [settings.Issuer, settings.Audiences, settings.JwksUri, settings.Secret, settings.ClockSkewSeconds], problems);
        if (string.IsNullOrEmpty(settings.Function))
        {
            problems.Add($"{field}.function is missing: name the function that decides");
        }

        if (settings.ResultTtlSeconds is < 0 or > MaxResultTtlSeconds)
        {
            problems.Add($"{field}.resultTtlSeconds {settings.ResultTtlSeconds} is not valid: use 0 (ask every time) to {MaxResultTtlSeconds}");
        }

        var defaults = new HttpAuthorizer { Type = HttpAuthorizerTypes.Lambda };
        var sources = settings.IdentitySource is null
            ? defaults.IdentitySource
            : AppChecks.List(
                $"{field}.identitySource", settings.IdentitySource, IsIdentitySource,
                $"each source is {HeaderSource}NAME, {QuerySource}NAME or {ContextSource}VARIABLE " +
                $"(VARIABLE one of {string.Join(", ", ContextVariables)})", problems);
        return defaults with
        {
            FunctionName = settings.Function,
            ResultTtlSeconds = settings.ResultTtlSeconds ?? defaults.ResultTtlSeconds,
            IdentitySource = sources,
            EnableSimpleResponses = settings.EnableSimpleResponses ?? true,
        };
    }

    /// <summary>Refuses the fields of the other type that were given.</summary>
    private static void Unused(string field, string type, string[] names, object?[] values, List<string> problems)
    {
        var given = names.Where((_, i) => values[i] is not null).ToList();
        if (given.Count > 0)
        {
            var other = type == HttpAuthorizerTypes.Jwt ? HttpAuthorizerTypes.Lambda : HttpAuthorizerTypes.Jwt;
            problems.Add($"{field} is a {type} authoriser, but {string.Join(", ", given)} {(given.Count == 1 ? "is" : "are")} for {other} authorisers: leave {(given.Count == 1 ? "it" : "them")} out");
        }
    }

    /// <summary>
    /// Why a JWKS location cannot be read by the gateway, or null: an absolute http(s) URL, or a file (an absolute
    /// path or a <c>file:</c> URI) that exists now.
    /// </summary>
    private static string? JwksProblem(string jwks)
    {
        const string Rule = "is not valid: give an absolute http or https URL, or the absolute path of a JWKS file";
        if (!Uri.TryCreate(jwks, UriKind.Absolute, out var uri))
        {
            return Rule;
        }

        if (uri.IsFile)
        {
            return File.Exists(uri.LocalPath) ? null : $"names a file that does not exist: {Rule}";
        }

        return uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp ? null : Rule;
    }

    private static bool IsIdentitySource(string source)
    {
        if (source.StartsWith(HeaderSource, StringComparison.OrdinalIgnoreCase))
        {
            return source.Length > HeaderSource.Length;
        }

        if (source.StartsWith(QuerySource, StringComparison.OrdinalIgnoreCase))
        {
            return source.Length > QuerySource.Length;
        }

        return source.StartsWith(ContextSource, StringComparison.OrdinalIgnoreCase)
            && ContextVariables.Contains(source[ContextSource.Length..], StringComparer.Ordinal);
    }

    private static string Shorten(string value) => AppChecks.Printable(value.Length <= 64 ? value : value[..64] + "…");

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex NamePattern();
}
