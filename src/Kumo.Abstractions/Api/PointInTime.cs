using System.Globalization;
using System.Text.RegularExpressions;

namespace Kumo.Abstractions.Api;

/// <summary>
/// A time as the native API and the CLI take it for <c>since</c> and <c>until</c>: an ISO-8601 time such as
/// <c>2026-01-31T12:00:00Z</c> (UTC unless it names an offset), or a time ago such as <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>.
/// </summary>
public static partial class PointInTime
{
    private static readonly TimeSpan Furthest = TimeSpan.FromDays(3650);

    /// <summary>Reads <paramref name="text"/>; a time ago counts back from <paramref name="now"/>.</summary>
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var ago = Ago().Match(trimmed);
        if (ago.Success)
        {
            if (!int.TryParse(ago.Groups["amount"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var span = char.ToLowerInvariant(ago.Groups["unit"].ValueSpan[0]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            if (span > Furthest)
            {
                return false;
            }

            value = now - span;
            return true;
        }

        return IsoDate().IsMatch(trimmed)
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>What to say when <paramref name="text"/> is not a time.</summary>
    public static string Problem(string parameter, string text) =>
        $"{parameter} '{text}' is not valid: use an ISO-8601 time such as 2026-01-31T12:00:00Z, " +
        "or a time ago such as 90s, 15m, 2h or 1d (up to 3650 days)";

    [GeneratedRegex(@"^(?<amount>\d{1,7})(?<unit>[smhdSMHD])$", RegexOptions.CultureInvariant)]
    private static partial Regex Ago();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt ]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
