using Kumo.Abstractions.Api;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// Turns apps' stored settings into the shapes the native API shows. Secrets and key hashes have no field in those
/// shapes, so they cannot leak into an answer.
/// </summary>
internal static class AppEntries
{
    /// <summary>App <paramref name="name"/>, with its settings (null for none) and how many routes it has.</summary>
    public static AppEntry ToEntry(string name, HttpApp? settings, int routeCount, GatewayOptions gateway) => new()
    {
        Name = name,
        Url = gateway.AppUrl(name),
        RouteCount = routeCount,
        Cors = settings?.Cors is { } cors ? ToSettings(cors) : null,
        Debug = settings?.Debug ?? false,
        Authorizers = settings is null
            ? new Dictionary<string, AuthorizerEntry>()
            : settings.Authorizers.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => ToEntry(a.Value), StringComparer.Ordinal),
        ApiKeys = settings is null ? [] : [.. settings.ApiKeys.Select(ToEntry)],
        LastModified = settings?.LastModified,
    };

    public static ApiKeyEntry ToEntry(this HttpApiKey key) => new()
    {
        Id = key.Id,
        Name = key.Name,
        RateLimit = key.RateLimit?.ToSettings(),
        CreatedAt = key.CreatedAt,
    };

    public static RateLimitSettings ToSettings(this RateLimit limit) => new() { Rate = limit.Rate, Burst = limit.Burst };

    private static AuthorizerEntry ToEntry(HttpAuthorizer authorizer) => authorizer.Type == HttpAuthorizerTypes.Jwt
        ? new()
        {
            Type = authorizer.Type,
            Issuer = authorizer.Issuer,
            Audiences = authorizer.Audiences.Count > 0 ? authorizer.Audiences : null,
            JwksUri = authorizer.JwksUri,
            SecretSet = string.IsNullOrEmpty(authorizer.Secret) ? null : true,
            ClockSkewSeconds = authorizer.ClockSkewSeconds,
        }
        : new()
        {
            Type = authorizer.Type,
            Function = authorizer.FunctionName,
            ResultTtlSeconds = authorizer.ResultTtlSeconds,
            IdentitySource = authorizer.IdentitySource,
            EnableSimpleResponses = authorizer.EnableSimpleResponses,
        };

    private static CorsSettings ToSettings(CorsConfig cors) => new()
    {
        AllowCredentials = cors.AllowCredentials,
        AllowHeaders = NullIfEmpty(cors.AllowHeaders),
        AllowMethods = NullIfEmpty(cors.AllowMethods),
        AllowOrigins = NullIfEmpty(cors.AllowOrigins),
        ExposeHeaders = NullIfEmpty(cors.ExposeHeaders),
        MaxAge = cors.MaxAge,
    };

    private static string?[]? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values];
}
