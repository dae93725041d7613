using Kumo.Abstractions.Objects;
using Microsoft.Net.Http.Headers;

namespace Kumo.Gateway.S3;

/// <summary>
/// Conditional requests on an object, in RFC 9110's order, which gives S3's documented outcomes:
/// If-Match (else If-Unmodified-Since) failing is 412; then If-None-Match matching (else If-Modified-Since finding
/// no change) is 304 for GET and HEAD. An If-Match that holds overrides a failing If-Unmodified-Since, and an
/// If-None-Match overrides If-Modified-Since, as on S3. Times are compared to the second, as HTTP dates carry them.
/// </summary>
internal static class Preconditions
{
    /// <summary>Evaluates the conditions against <paramref name="info"/>; <paramref name="condition"/> names the one that decided, for the error.</summary>
    public static PreconditionOutcome Evaluate(
        ObjectInfo info, string ifMatch, string ifNoneMatch, string ifModifiedSince, string ifUnmodifiedSince, out string condition)
    {
        var modified = TruncateToSeconds(info.LastModified);
        condition = "";
        if (ifMatch.Length > 0)
        {
            if (!Matches(ifMatch, info.ETag))
            {
                condition = "If-Match";
                return PreconditionOutcome.Failed;
            }
        }
        else if (TryDate(ifUnmodifiedSince, out var unmodifiedSince) && modified > unmodifiedSince)
        {
            condition = "If-Unmodified-Since";
            return PreconditionOutcome.Failed;
        }

        if (ifNoneMatch.Length > 0)
        {
            if (Matches(ifNoneMatch, info.ETag))
            {
                condition = "If-None-Match";
                return PreconditionOutcome.NotModified;
            }
        }
        else if (TryDate(ifModifiedSince, out var modifiedSince) && modified <= modifiedSince)
        {
            condition = "If-Modified-Since";
            return PreconditionOutcome.NotModified;
        }

        return PreconditionOutcome.Proceed;
    }

    /// <summary>Whether a list of entity tags (or <c>*</c>) names <paramref name="etag"/>; weak tags compare by their value.</summary>
    public static bool Matches(string list, string etag)
    {
        var wanted = Unquote(etag);
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "*" || Unquote(item.StartsWith("W/", StringComparison.Ordinal) ? item[2..] : item) == wanted)
            {
                return true;
            }
        }

        return false;
    }

    private static string Unquote(string tag) => tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"' ? tag[1..^1] : tag;

    private static bool TryDate(string value, out DateTimeOffset date) =>
        HeaderUtilities.TryParseDate(value, out date);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);
}
