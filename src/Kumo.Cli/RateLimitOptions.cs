using System.CommandLine;
using Kumo.Abstractions.Api;

namespace Kumo.Cli;

/// <summary>
/// <c>--rate R --burst B</c>: a token bucket for a route or an API key, given both or neither. The server checks
/// their ranges, as it does for every client.
/// </summary>
internal sealed class RateLimitOptions
{
    private readonly Option<double?> _rate;
    private readonly Option<int?> _burst;

    /// <summary>Adds the options to <paramref name="command"/>, which limits <paramref name="what"/>.</summary>
    public RateLimitOptions(Command command, string what)
    {
        _rate = new Option<double?>("--rate") { Description = $"The average rate allowed {what}, in requests a second up to 10000; may be fractional (0.5)", HelpName = "R" };
        _burst = new Option<int?>("--burst") { Description = "The most requests at once, 1–100000; goes with --rate", HelpName = "B" };
        command.Options.Add(_rate);
        command.Options.Add(_burst);
        command.Validators.Add(result =>
        {
            if (result.GetValue(_rate) is null != result.GetValue(_burst) is null)
            {
                result.AddError("--rate and --burst go together: give both (such as --rate 10 --burst 20), or neither for no limit");
            }
        });
    }

    /// <summary>The limit the command line asks for; null for none.</summary>
    public RateLimitSettings? Read(ParseResult parse) =>
        parse.GetValue(_rate) is { } rate && parse.GetValue(_burst) is { } burst ? new() { Rate = rate, Burst = burst } : null;
}
