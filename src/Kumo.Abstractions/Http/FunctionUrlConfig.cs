namespace Kumo.Abstractions.Http;

/// <summary>A function URL: a dedicated HTTP endpoint that invokes one function (or alias) with payload format 2.0.</summary>
public sealed record FunctionUrlConfig
{
    /// <summary>The tenant that owns the function.</summary>
    public required string TenantId { get; init; }

    /// <summary>The function's name.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The qualifier the URL invokes: <c>$LATEST</c> until aliases exist.</summary>
    public string Qualifier { get; init; } = "$LATEST";

    /// <summary>The URL's id: 32 lowercase letters and digits, unique across tenants; the first label of its host.</summary>
    public required string UrlId { get; init; }

    /// <summary><c>NONE</c> (anyone may call it) or <c>AWS_IAM</c> (signed requests only).</summary>
    public string AuthType { get; init; } = FunctionUrlAuthTypes.None;

    /// <summary>CORS for browsers, or null for none (Kumo then adds no CORS headers).</summary>
    public CorsConfig? Cors { get; init; }

    /// <summary><c>BUFFERED</c> or <c>RESPONSE_STREAM</c>.</summary>
    public string InvokeMode { get; init; } = "BUFFERED";

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset LastModified { get; init; }
}

/// <summary>The values of <see cref="FunctionUrlConfig.AuthType"/>.</summary>
public static class FunctionUrlAuthTypes
{
    /// <summary>Anyone who can reach Kumo may call the URL.</summary>
    public const string None = "NONE";

    /// <summary>Only requests signed with SigV4 by a permitted principal.</summary>
    public const string AwsIam = "AWS_IAM";
}
