using System.Globalization;
using Kumo.Abstractions.Http;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Http;

/// <summary>
/// CORS as Lambda function URLs do it: the gateway answers preflight requests itself, and puts the CORS headers
/// on every answer to an allowed origin (replacing any the function set).
/// </summary>
internal static class CorsPolicy
{
    private static readonly string[] CorsHeaders =
    [
        "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
        "Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
    ];

    /// <summary>Whether the request is a CORS preflight: <c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.Origin.Count > 0
        && request.Headers.AccessControlRequestMethod.Count > 0;

    /// <summary>
    /// Answers a preflight: 200, with the allowed methods, headers and max age when the origin, method and headers
    /// are allowed; without CORS headers otherwise (the browser then refuses the real request).
    /// </summary>
    public static void AnswerPreflight(CorsConfig cors, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(cors);
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        var origin = request.Headers.Origin.ToString();
        var method = request.Headers.AccessControlRequestMethod.ToString();
        var asked = request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (AllowedOrigin(cors, origin) is not { } allowedOrigin
            || !Allows(cors.AllowMethods, method)
            || asked.Any(header => !Allows(cors.AllowHeaders, header)))
        {
            return;
        }

        var headers = response.Headers;
        headers.AccessControlAllowOrigin = allowedOrigin;
        headers.Vary = "Origin";
        headers.AccessControlAllowMethods = cors.AllowMethods.Contains("*") ? method : string.Join(',', cors.AllowMethods);
        if (asked.Length > 0)
        {
            headers.AccessControlAllowHeaders = cors.AllowHeaders.Contains("*") ? string.Join(',', asked) : string.Join(',', cors.AllowHeaders);
        }

        if (cors.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (cors.MaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Puts the CORS headers on the answer to a request from an allowed origin (whatever the answer will be, so
    /// that a browser can read errors too); nothing for a request without <c>Origin</c> or from another origin.
    /// </summary>
    public static void Apply(CorsConfig cors, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(cors);
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.Headers.Origin.Count == 0 || AllowedOrigin(cors, request.Headers.Origin.ToString()) is not { } origin)
        {
            return;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Append("Vary", "Origin");
        if (cors.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (cors.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(',', cors.ExposeHeaders);
        }
    }

    /// <summary>Whether a response header is one of CORS's, which the gateway sets when CORS is configured (the function's are dropped).</summary>
    public static bool IsCorsHeader(string name) => CorsHeaders.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What to answer in <c>Access-Control-Allow-Origin</c>: the origin itself when it is listed, or when any origin
    /// is allowed with credentials (a browser refuses <c>*</c> then); <c>*</c> when any origin is allowed; else null.
    /// </summary>
    private static string? AllowedOrigin(CorsConfig cors, string origin)
    {
        if (cors.AllowOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return origin;
        }

        if (cors.AllowOrigins.Contains("*"))
        {
            return cors.AllowCredentials ? origin : "*";
        }

        return null;
    }

    private static bool Allows(IReadOnlyList<string> allowed, string value) =>
        allowed.Contains("*") || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
}
