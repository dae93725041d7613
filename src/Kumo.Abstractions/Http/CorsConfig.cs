namespace Kumo.Abstractions.Http;

/// <summary>Cross-origin resource sharing for a function URL or an app's routes, in the Lambda API's shape.</summary>
public sealed record CorsConfig
{
    /// <summary>Whether cookies and credentials may be sent (<c>Access-Control-Allow-Credentials</c>).</summary>
    public bool AllowCredentials { get; init; }

    /// <summary>Request headers allowed (<c>Access-Control-Allow-Headers</c>); <c>*</c> for any.</summary>
    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    /// <summary>Methods allowed (<c>Access-Control-Allow-Methods</c>); <c>*</c> for any.</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = [];

    /// <summary>Origins allowed (<c>Access-Control-Allow-Origin</c>); <c>*</c> for any.</summary>
    public IReadOnlyList<string> AllowOrigins { get; init; } = [];

    /// <summary>Response headers the browser may read (<c>Access-Control-Expose-Headers</c>).</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>How long a preflight answer may be cached, in seconds (<c>Access-Control-Max-Age</c>); null for the browser's default.</summary>
    public int? MaxAge { get; init; }
}
