using System.CommandLine;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo invocations ls</c>: invocation records, newest first, filtered.</summary>
internal static class InvocationsListCommand
{
    public static Command Create(CliConsole console)
    {
        var function = new Option<string?>("--function") { Description = "Only this function's invocations", HelpName = "NAME" };
        var outcome = new Option<string?>("--outcome")
        {
            Description = $"Only those that ended this way: {OutcomeNames.Allowed}",
            HelpName = "OUTCOME",
        };
        outcome.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !OutcomeNames.TryParse(text, out _))
            {
                result.AddError(OutcomeNames.Problem("--outcome", text));
            }
        });
        var cold = new Option<bool>("--cold") { Description = "Only cold starts" };
        var since = CliOptions.Time("--since", "Only those that started at or after this time: ISO-8601, or a time ago such as 15m, 2h, 1d");
        var until = CliOptions.Time("--until", "Only those that started before this time: ISO-8601, or a time ago such as 15m, 2h, 1d");
        var limit = CliOptions.Limit(NativeApi.DefaultInvocationLimit, NativeApi.MaxInvocationLimit, "How many to show at most");
        var json = new Option<bool>("--json") { Description = "Print the records as JSON, with every field" };
        var command = new Command("ls", "List recent invocations, newest first") { function, outcome, cold, since, until, limit, json };
        command.SetAction((parse, cancellationToken) =>
        {
            var query = new StringBuilder(NativeApi.InvocationsPath).Append("?limit=").Append(parse.GetValue(limit));
            Append(query, "function", parse.GetValue(function));
            Append(query, "outcome", OutcomeNames.TryParse(parse.GetValue(outcome), out var parsed) ? OutcomeNames.Of(parsed) : null);
            Append(query, "since", parse.GetValue(since));
            Append(query, "until", parse.GetValue(until));
            Append(query, "cold", parse.GetValue(cold) ? "true" : null);
            return RunAsync(parse.GetValue(EndpointOption.Instance)!, query.ToString(), parse.GetValue(json), console, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(string endpointText, string query, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.GetAsync(query, KumoJsonContext.Default.InvocationList, cancellationToken);
        if (answer.Value is not { } list)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(list, KumoJsonContext.Default.InvocationList));
        }
        else if (list.Invocations.Count == 0)
        {
            console.Out.MarkupLine("[dim]No invocations match.[/]");
        }
        else
        {
            Render(list.Invocations, console.Out);
        }

        return ExitCodes.Success;
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    private static void Render(IEnumerable<InvocationEntry> invocations, IAnsiConsole output)
    {
        var table = CliFormat.ListTable("TIME", "REQUEST ID", "FUNCTION", "OUTCOME", "DURATION MS>", "BILLED MS>", "USED/SIZE MB>", "COLD");
        foreach (var invocation in invocations)
        {
            table.AddRow(
                CliFormat.Time(invocation.StartedAt),
                Markup.Escape(invocation.RequestId),
                Markup.Escape(invocation.FunctionName),
                CliFormat.Outcome(invocation.Outcome),
                CliFormat.Milliseconds(invocation.DurationMs),
                CliFormat.Number(invocation.BilledDurationMs),
                $"{(invocation.MaxMemoryUsedMb is { } used ? CliFormat.Number(used) : "-")}/{CliFormat.Number(invocation.MemorySizeMb)}",
                invocation.Cold ? "cold" : "");
        }

        output.Write(table);
    }
}
