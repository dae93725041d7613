using System.Globalization;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Gateway.Lambda.Names;

namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>
/// A function URL as the Lambda API answers it: the output of <c>CreateFunctionUrlConfig</c> (without
/// <c>LastModifiedTime</c>), <c>GetFunctionUrlConfig</c> and <c>UpdateFunctionUrlConfig</c>, and an item of
/// <c>ListFunctionUrlConfigs</c>.
/// </summary>
internal sealed record LambdaFunctionUrlConfig
{
    public required string FunctionUrl { get; init; }

    /// <summary>The function's ARN, qualified when the URL is an alias's.</summary>
    public required string FunctionArn { get; init; }

    public required string AuthType { get; init; }

    /// <summary>Left out when the URL has no CORS settings.</summary>
    public FunctionUrlCors? Cors { get; init; }

    /// <summary>As Lambda writes it, ISO 8601 in UTC with microseconds: <c>2024-01-02T03:04:05.123456Z</c>.</summary>
    public required string CreationTime { get; init; }

    public string? LastModifiedTime { get; init; }

    public required string InvokeMode { get; init; }

    public static LambdaFunctionUrlConfig From(FunctionUrlConfig config, PlatformRegion region, GatewayOptions gateway, bool withLastModified = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(gateway);
        var arn = region.FunctionArn(config.FunctionName);
        return new()
        {
            FunctionUrl = gateway.FunctionUrl(config.UrlId),
            FunctionArn = config.Qualifier == FunctionNameParser.Latest ? arn : $"{arn}:{config.Qualifier}",
            AuthType = config.AuthType,
            Cors = FunctionUrlCors.From(config.Cors),
            CreationTime = Format(config.CreatedAt),
            LastModifiedTime = withLastModified ? Format(config.LastModified) : null,
            InvokeMode = config.InvokeMode,
        };
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
