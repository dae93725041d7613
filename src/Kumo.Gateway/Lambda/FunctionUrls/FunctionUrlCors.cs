using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>
/// A function URL's CORS settings as the Lambda API spells them (AWS's <c>Cors</c>). In a request every field is
/// optional; in an answer empty lists are left out.
/// </summary>
internal sealed record FunctionUrlCors
{
    public bool? AllowCredentials { get; init; }

    public IReadOnlyList<string?>? AllowHeaders { get; init; }

    public IReadOnlyList<string?>? AllowMethods { get; init; }

    public IReadOnlyList<string?>? AllowOrigins { get; init; }

    public IReadOnlyList<string?>? ExposeHeaders { get; init; }

    public int? MaxAge { get; init; }

    /// <summary>The settings to store, or null when they ask for nothing (Kumo then adds no CORS headers at all).</summary>
    public CorsConfig? ToConfig()
    {
        var config = new CorsConfig
        {
            AllowCredentials = AllowCredentials ?? false,
            AllowHeaders = Values(AllowHeaders),
            AllowMethods = Values(AllowMethods),
            AllowOrigins = Values(AllowOrigins),
            ExposeHeaders = Values(ExposeHeaders),
            MaxAge = MaxAge,
        };
        return config is { AllowCredentials: false, AllowHeaders: [], AllowMethods: [], AllowOrigins: [], ExposeHeaders: [], MaxAge: null }
            ? null
            : config;
    }

    public static FunctionUrlCors? From(CorsConfig? config) => config is null
        ? null
        : new()
        {
            AllowCredentials = config.AllowCredentials,
            AllowHeaders = NullIfEmpty(config.AllowHeaders),
            AllowMethods = NullIfEmpty(config.AllowMethods),
            AllowOrigins = NullIfEmpty(config.AllowOrigins),
            ExposeHeaders = NullIfEmpty(config.ExposeHeaders),
            MaxAge = config.MaxAge,
        };

    private static string[] Values(IReadOnlyList<string?>? values) => values is null ? [] : [.. values.OfType<string>()];

    private static IReadOnlyList<string?>? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values];
}
