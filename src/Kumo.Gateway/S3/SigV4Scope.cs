using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// What a SigV4 signature says about a request: the service and region it was signed for, and whether it came as
/// a presigned URL. Read from <c>Authorization: AWS4-HMAC-SHA256 Credential={key}/{date}/{region}/{service}/aws4_request, …</c>
/// or from the query's <c>X-Amz-Credential</c>; SigV4a (<c>AWS4-ECDSA-P256-SHA256</c>) scopes have no region.
/// The signature itself is not checked: Kumo has no credentials to check it with yet.
/// </summary>
/// <param name="Service">The service, such as <c>s3</c> or <c>lambda</c>.</param>
/// <param name="Region">The region, or null for SigV4a.</param>
/// <param name="Presigned">Whether the signature is in the query (a presigned URL).</param>
internal sealed record SigV4Scope(string Service, string? Region, bool Presigned)
{
    /// <summary>The scope of the request's signature, or null when it is not SigV4-signed.</summary>
    public static SigV4Scope? Of(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return FromAuthorization(authorization);
        }

        // Most requests on the port are not S3: look at the raw query before parsing it.
        if (request.QueryString.Value?.Contains("X-Amz-Credential=", StringComparison.Ordinal) != true)
        {
            return null;
        }

        var credential = request.Query["X-Amz-Credential"].ToString();
        return credential.Length > 0 && FromCredential(credential, presigned: true) is { } scope ? scope : null;
    }

    /// <summary>The scope in an <c>Authorization</c> header, or null when it is not SigV4.</summary>
    public static SigV4Scope? FromAuthorization(string authorization)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return null;
        }

        var algorithm = authorization[..space];
        if (algorithm is not (S3Headers.SigV4Algorithm or S3Headers.SigV4aAlgorithm))
        {
            return null;
        }

        foreach (var part in authorization[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("Credential=", StringComparison.Ordinal))
            {
                return FromCredential(part["Credential=".Length..], presigned: false);
            }
        }

        return null;
    }

    /// <summary>The scope in a credential, <c>{key}/{date}/{region}/{service}/aws4_request</c> (or without the region, for SigV4a).</summary>
    public static SigV4Scope? FromCredential(string credential, bool presigned)
    {
        var parts = credential.Split('/');
        if (parts.Length < 4 || parts[^1] != "aws4_request" || parts[^2].Length == 0)
        {
            return null;
        }

        var region = parts.Length >= 5 && parts[^3].Length > 0 ? parts[^3] : null;
        return new SigV4Scope(parts[^2], region, presigned);
    }
}
