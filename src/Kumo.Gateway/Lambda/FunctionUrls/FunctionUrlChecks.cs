using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>
/// What the gateway checks of a function URL request body, with Lambda's limits: every problem is collected so one
/// answer names them all. Features Kumo lacks (IAM auth, response streaming) are refused here rather than stored
/// and silently not honoured.
/// </summary>
internal static class FunctionUrlChecks
{
    public const int MaxListItems = 100;
    public const int MaxMethods = 6;
    public const int MaxHeaderLength = 1024;
    public const int MaxOriginLength = 253;
    public const int MaxMaxAge = 86400;

    /// <summary>The methods Lambda accepts in <c>AllowMethods</c>, as it spells them.</summary>
    public static readonly string[] Methods = ["GET", "PUT", "HEAD", "POST", "PATCH", "DELETE", "*"];

    /// <param name="request">The body.</param>
    /// <param name="creating">Whether this is <c>CreateFunctionUrlConfig</c>, which requires <c>AuthType</c>.</param>
    public static List<string> Problems(FunctionUrlConfigRequest request, bool creating)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        CheckAuthType(request.AuthType, creating, problems);
        CheckInvokeMode(request.InvokeMode, problems);
        if (request.Cors is { } cors)
        {
            CheckCors(cors, problems);
        }

        return problems;
    }

    private static void CheckAuthType(string? authType, bool creating, List<string> problems)
    {
        switch (authType)
        {
            case null when creating:
                problems.Add($"AuthType is required: use {FunctionUrlAuthTypes.None}");
                break;
            case null or FunctionUrlAuthTypes.None:
                break;
            case FunctionUrlAuthTypes.AwsIam:
                problems.Add(
                    $"AuthType {FunctionUrlAuthTypes.AwsIam} is not supported yet: Kumo does not check SigV4 signatures, so the URL " +
                    $"would be open to anyone while claiming IAM protection; use {FunctionUrlAuthTypes.None}");
                break;
            default:
                problems.Add($"AuthType '{authType}' is not valid: use {FunctionUrlAuthTypes.None} or {FunctionUrlAuthTypes.AwsIam}");
                break;
        }
    }

    private static void CheckInvokeMode(string? invokeMode, List<string> problems)
    {
        switch (invokeMode)
        {
            case null or FunctionUrlInvokeModes.Buffered or FunctionUrlInvokeModes.ResponseStream:
                break;
            default:
                problems.Add(
                    $"InvokeMode '{invokeMode}' is not valid: use {FunctionUrlInvokeModes.Buffered} or {FunctionUrlInvokeModes.ResponseStream}");
                break;
        }
    }

    private static void CheckCors(FunctionUrlCors cors, List<string> problems)
    {
        CheckHeaders("Cors.AllowHeaders", cors.AllowHeaders, problems);
        CheckHeaders("Cors.ExposeHeaders", cors.ExposeHeaders, problems);
        if (cors.AllowMethods is { } methods)
        {
            CheckCount("Cors.AllowMethods", methods, MaxMethods, problems);
            var unknown = methods.Where(method => method is null || !Methods.Contains(method, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"Cors.AllowMethods has {Quoted(unknown)}: each method must be one of {string.Join(", ", Methods)}");
            }
        }

        if (cors.AllowOrigins is { } origins)
        {
            CheckCount("Cors.AllowOrigins", origins, MaxListItems, problems);
            var bad = origins.Where(origin => origin is null || origin.Length is 0 or > MaxOriginLength || origin.Any(IsWhiteSpaceOrControl)).ToList();
            if (bad.Count > 0)
            {
                problems.Add(
                    $"Cors.AllowOrigins has {Quoted(bad)}: each origin is 1–{MaxOriginLength} characters without spaces, " +
                    "such as https://www.example.com, http://localhost:3000 or *");
            }
        }

        if (cors.MaxAge is < 0 or > MaxMaxAge)
        {
            problems.Add($"Cors.MaxAge {cors.MaxAge} is out of range: use 0 to {MaxMaxAge} seconds");
        }
    }

    private static void CheckHeaders(string field, IReadOnlyList<string?>? headers, List<string> problems)
    {
        if (headers is null)
        {
            return;
        }

        CheckCount(field, headers, MaxListItems, problems);
        var bad = headers.Where(header => header is null || header.Length is 0 or > MaxHeaderLength || !header.All(IsPrintableAscii)).ToList();
        if (bad.Count > 0)
        {
            problems.Add(
                $"{field} has {Quoted(bad)}: each header is 1–{MaxHeaderLength} printable ASCII characters, such as " +
                "Content-Type, X-Custom-Header or *");
        }
    }

    private static void CheckCount(string field, IReadOnlyList<string?> values, int max, List<string> problems)
    {
        if (values.Count > max)
        {
            problems.Add($"{field} has {values.Count} items: at most {max}");
        }
    }

    /// <summary>Header names end up in response headers, where a control character (CR, LF) could split the response.</summary>
    private static bool IsPrintableAscii(char c) => c is >= ' ' and <= '~';

    private static bool IsWhiteSpaceOrControl(char c) => char.IsWhiteSpace(c) || char.IsControl(c);

    private static string Quoted(List<string?> values)
    {
        var shown = values.Take(5).Select(value => value is null ? "null" : $"'{Shorten(value)}'");
        return string.Join(", ", shown) + (values.Count > 5 ? $" and {values.Count - 5} more" : "");
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
