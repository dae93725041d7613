using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// Enforces a presigned URL's time window (<c>X-Amz-Date</c> + <c>X-Amz-Expires</c>, or SigV2's <c>Expires</c>) as S3
/// does, although the signature itself is not verified yet: a URL handed out for ten minutes stops working after ten
/// minutes.
/// </summary>
internal static class PresignedExpiry
{
    /// <summary>The longest a presigned URL may live: seven days.</summary>
    public const int MaxExpiresSeconds = 604_800;

    // S3 accepts a request signed a little in the future (clock skew), but not one signed much later than now.
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    /// <summary>The error that refuses the request, or null when it may go on.</summary>
    public static S3Error? Check(HttpRequest request, DateTimeOffset now)
    {
        if (!request.Query.ContainsKey("X-Amz-Credential"))
        {
            return CheckSigV2(request, now);
        }

        var date = request.Query["X-Amz-Date"].ToString();
        var expires = request.Query["X-Amz-Expires"].ToString();
        if (date.Length == 0 || expires.Length == 0)
        {
            return S3Errors.AuthorizationQueryParametersError(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, " +
                "X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }

        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return S3Errors.AuthorizationQueryParametersError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }

        if (!long.TryParse(expires, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return S3Errors.AuthorizationQueryParametersError("X-Amz-Expires should be a number");
        }

        if (seconds < 0)
        {
            return S3Errors.AuthorizationQueryParametersError("X-Amz-Expires must be non-negative");
        }

        if (seconds > MaxExpiresSeconds)
        {
            return S3Errors.AuthorizationQueryParametersError("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }

        if (signedAt - now > AllowedSkew)
        {
            return S3Errors.AccessDenied("Request is not valid yet")
                .With("X-Amz-Date", date).With("ServerTime", Iso(now));
        }

        var expiresAt = signedAt.AddSeconds(seconds);
        return now > expiresAt
            ? S3Errors.AccessDenied("Request has expired")
                .With("X-Amz-Expires", expires).With("Expires", Iso(expiresAt)).With("ServerTime", Iso(now))
            : null;
    }

    /// <summary>A SigV2 presigned URL: <c>Expires</c> is the end of its life, in seconds since 1970.</summary>
    private static S3Error? CheckSigV2(HttpRequest request, DateTimeOffset now)
    {
        var expires = request.Query["Expires"].ToString();
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return S3Errors.AccessDenied("Invalid date (should be seconds since epoch): " + expires);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return now > expiresAt
            ? S3Errors.AccessDenied("Request has expired").With("Expires", Iso(expiresAt)).With("ServerTime", Iso(now))
            : null;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
