using System.CommandLine;
using Kumo.Abstractions.Api;

namespace Kumo.Cli;

/// <summary>Options that several commands share, each checked while the command line is parsed.</summary>
internal static class CliOptions
{
    /// <summary><c>--limit N</c>, from 1 to <paramref name="max"/>.</summary>
    public static Option<int> Limit(int fallback, int max, string description)
    {
        var limit = new Option<int>("--limit")
        {
            Description = $"{description}, 1–{max}",
            HelpName = "N",
            DefaultValueFactory = _ => fallback,
        };
        limit.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 1 || value > max)
            {
                result.AddError($"--limit {value} is not valid: use a whole number from 1 to {max}");
            }
        });
        return limit;
    }

    /// <summary>A time option: ISO-8601, or a time ago such as <c>15m</c>; passed on to the server as written.</summary>
    public static Option<string?> Time(string name, string description)
    {
        var time = new Option<string?>(name) { Description = description, HelpName = "TIME" };
        time.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !PointInTime.TryParse(text, DateTimeOffset.UtcNow, out _))
            {
                result.AddError(PointInTime.Problem(name, text));
            }
        });
        return time;
    }
}
