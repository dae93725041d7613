using System.Text.Json;
using Kumo.Abstractions.Invocations;

namespace Kumo.Abstractions.Api;

/// <summary>The names of <see cref="InvocationOutcome"/> values in the native API and the CLI: camelCase, read in any case.</summary>
public static class OutcomeNames
{
    /// <summary>Every name, comma-separated, for messages that list what is allowed.</summary>
    public static string Allowed { get; } = string.Join(", ", Enum.GetValues<InvocationOutcome>().Select(Of));

    /// <summary>The name of an outcome, such as <c>functionError</c>.</summary>
    public static string Of(InvocationOutcome outcome) => JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());

    /// <summary>Reads an outcome's name in any case; <c>-</c> and <c>_</c> between words are ignored (<c>function-error</c>).</summary>
    public static bool TryParse(string? text, out InvocationOutcome outcome)
    {
        outcome = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var value in Enum.GetValues<InvocationOutcome>())
        {
            if (string.Equals(value.ToString(), compact, StringComparison.OrdinalIgnoreCase))
            {
                outcome = value;
                return true;
            }
        }

        return false;
    }

    /// <summary>What to say when <paramref name="text"/> is not an outcome.</summary>
    public static string Problem(string parameter, string text) =>
        $"{parameter} '{text}' is not valid: use one of {Allowed} (any case)";
}
