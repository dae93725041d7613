using System.Text.RegularExpressions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// What the native API checks of an app's name and settings, of rate limits and of CORS. Every problem is
/// collected, so that one answer names them all.
/// </summary>
internal static partial class AppChecks
{
    public const int MaxListItems = 100;
    public const int MaxHeaderLength = 1024;
    public const int MaxOriginLength = 253;
    public const int MaxMaxAge = 86400;
    public const double MaxRate = 10000;
    public const int MaxBurst = 100000;

    /// <summary>The methods CORS may allow, as Lambda and API Gateway spell them.</summary>
    public static readonly string[] CorsMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"];

    /// <summary>Why an app's name cannot be one, or null: it becomes a DNS label, <c>{app}.api.localhost</c>.</summary>
    public static string? AppProblem(string app) =>
        AppPattern().IsMatch(app)
            ? null
            : $"app '{Printable(app)}' is not valid: use 1 to 63 lowercase letters, digits and '-', starting with a letter and not ending with '-' " +
              "(it becomes a host name, such as shop.api.localhost)";

    /// <summary>
    /// The settings <paramref name="body"/> asks for, for app <paramref name="app"/> (without API keys or time);
    /// null when it has problems, which are added to <paramref name="problems"/>.
    /// </summary>
    public static async Task<HttpApp?> CheckAsync(
        string app, AppRequest body, IFunctionCatalog functions, List<string> problems, CancellationToken cancellationToken)
    {
        var cors = body.Cors is { } given ? Cors(given, problems) : null;
        var authorizers = new Dictionary<string, HttpAuthorizer>(StringComparer.Ordinal);
        foreach (var (name, settings) in body.Authorizers ?? new Dictionary<string, AuthorizerSettings?>())
        {
            if (AuthorizerChecks.Check(name, settings, problems) is { } authorizer)
            {
                authorizers[name] = authorizer;
            }
        }

        // Asked last, and only of authorisers that are otherwise right, so that a bad body costs no look-ups.
        foreach (var (name, authorizer) in authorizers)
        {
            if (authorizer.FunctionName is { } function && await functions.GetAsync(Tenants.Default, function, cancellationToken) is null)
            {
                problems.Add(
                    $"authorizers.{name}.function '{function}' does not exist: name an existing function " +
                    $"(GET {NativeApi.FunctionsPath} or 'kumo functions ls' lists them)");
            }
        }

        return problems.Count > 0
            ? null
            : new HttpApp { TenantId = Tenants.Default, Name = app, Cors = cors, Debug = body.Debug ?? false, Authorizers = authorizers };
    }

    /// <summary>The rate limit <paramref name="given"/> asks for (null for none); problems are named after <paramref name="field"/>.</summary>
    public static RateLimit? RateLimit(string field, RateLimitSettings? given, List<string> problems)
    {
        if (given is null)
        {
            return null;
        }

        var count = problems.Count;
        if (given.Rate is not { } rate)
        {
            problems.Add($"{field}.rate is missing: give requests a second, such as 10 (or 0.5 for one every two seconds)");
        }
        else if (!(rate > 0 && rate <= MaxRate))
        {
            problems.Add($"{field}.rate {rate} is not valid: use more than 0 and at most {MaxRate} requests a second");
        }

        if (given.Burst is not { } burst)
        {
            problems.Add($"{field}.burst is missing: give the most requests at once, such as 20");
        }
        else if (burst is < 1 or > MaxBurst)
        {
            problems.Add($"{field}.burst {burst} is not valid: use a whole number from 1 to {MaxBurst}");
        }

        return problems.Count > count ? null : new RateLimit(given.Rate!.Value, given.Burst!.Value);
    }

    /// <summary>The CORS settings to store: null when they ask for nothing (then no CORS headers are added at all).</summary>
    private static CorsConfig? Cors(CorsSettings cors, List<string> problems)
    {
        var headers = List("cors.allowHeaders", cors.AllowHeaders, IsHeader, "each header is 1–1024 printable ASCII characters, such as Content-Type or *", problems);
        var expose = List("cors.exposeHeaders", cors.ExposeHeaders, IsHeader, "each header is 1–1024 printable ASCII characters, such as X-Request-Id", problems);
        var origins = List(
            "cors.allowOrigins", cors.AllowOrigins, IsOrigin,
            $"each origin is 1–{MaxOriginLength} characters without spaces, such as https://www.example.com, http://localhost:3000 or *", problems);
        var methods = List(
            "cors.allowMethods", cors.AllowMethods?.Select(m => m?.ToUpperInvariant()).ToList(),
            m => CorsMethods.Contains(m, StringComparer.Ordinal), $"each method is one of {string.Join(", ", CorsMethods)}", problems);
        if (cors.MaxAge is < 0 or > MaxMaxAge)
        {
            problems.Add($"cors.maxAge {cors.MaxAge} is not valid: use 0 to {MaxMaxAge} seconds");
        }

        var config = new CorsConfig
        {
            AllowCredentials = cors.AllowCredentials ?? false,
            AllowHeaders = headers,
            AllowMethods = methods,
            AllowOrigins = origins,
            ExposeHeaders = expose,
            MaxAge = cors.MaxAge,
        };
        return config is { AllowCredentials: false, AllowHeaders: [], AllowMethods: [], AllowOrigins: [], ExposeHeaders: [], MaxAge: null }
            ? null
            : config;
    }

    /// <summary>The values of a list field, after adding a problem for too many items or for items that are not <paramref name="valid"/>.</summary>
    public static string[] List(string field, IReadOnlyList<string?>? values, Func<string, bool> valid, string rule, List<string> problems)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > MaxListItems)
        {
            problems.Add($"{field} has {values.Count} items: at most {MaxListItems}");
        }

        var bad = values.Where(value => value is null || !valid(value)).ToList();
        if (bad.Count > 0)
        {
            problems.Add($"{field} has {Quoted(bad)}: {rule}");
        }

        return [.. values.OfType<string>()];
    }

    /// <summary>Up to five values, quoted and shortened, for a message; control characters are escaped, so a message stays one line.</summary>
    public static string Quoted(IReadOnlyList<string?> values)
    {
        var shown = values.Take(5).Select(value => value is null ? "null" : $"'{Printable(value.Length <= 64 ? value : value[..64] + "…")}'");
        return string.Join(", ", shown) + (values.Count > 5 ? $" and {values.Count - 5} more" : "");
    }

    /// <summary>The value with control characters escaped (<c>\u000A</c>), so that a message that shows it stays one line.</summary>
    public static string Printable(string value) =>
        value.Any(char.IsControl) ? string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())) : value;

    // Header names end up in response headers, where a control character (CR, LF) could split the response.
    private static bool IsHeader(string header) => header.Length is > 0 and <= MaxHeaderLength && header.All(c => c is >= '!' and <= '~');

    private static bool IsOrigin(string origin) =>
        origin.Length is > 0 and <= MaxOriginLength && !origin.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    [GeneratedRegex(@"\A[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex AppPattern();
}
