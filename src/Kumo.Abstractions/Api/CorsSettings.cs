using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>
/// An app's CORS settings as the native API spells them (the fields of Lambda's <c>Cors</c>, in camelCase). In a
/// request every field is optional; in an answer empty lists are left out.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CorsSettings
{
    /// <summary>Whether cookies and credentials may be sent (<c>Access-Control-Allow-Credentials</c>).</summary>
    public bool? AllowCredentials { get; init; }

    /// <summary>Request headers allowed; <c>*</c> for any.</summary>
    public IReadOnlyList<string?>? AllowHeaders { get; init; }

    /// <summary>Methods allowed: <c>GET</c>, <c>POST</c>, <c>PUT</c>, <c>PATCH</c>, <c>DELETE</c>, <c>HEAD</c>, <c>OPTIONS</c> or <c>*</c>.</summary>
    public IReadOnlyList<string?>? AllowMethods { get; init; }

    /// <summary>Origins allowed, such as <c>https://www.example.com</c>; <c>*</c> for any.</summary>
    public IReadOnlyList<string?>? AllowOrigins { get; init; }

    /// <summary>Response headers the browser may read.</summary>
    public IReadOnlyList<string?>? ExposeHeaders { get; init; }

    /// <summary>How long a preflight answer may be cached, 0–86400 seconds; absent for the browser's default.</summary>
    public int? MaxAge { get; init; }
}
