using System.CommandLine;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo dlq ls</c> and <c>kumo dlq redrive</c>: asynchronous events that used every attempt or grew too old.</summary>
internal static class DeadLettersCommand
{
    public static Command Create(CliConsole console)
    {
        var function = new Option<string?>("--function") { Description = "Only this function's dead letters", HelpName = "NAME" };
        var limit = new Option<int?>("--limit") { Description = "At most this many, 1–1000 [default: 100]", HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print them as JSON" };
        var list = new Command("ls", "List dead letters: asynchronous events that failed every attempt or expired") { function, limit, json };
        list.SetAction((parse, cancellationToken) => ListAsync(
            parse.GetValue(EndpointOption.Instance)!, parse.GetValue(function), parse.GetValue(limit), parse.GetValue(json), console, cancellationToken));

        var redriveFunction = new Option<string?>("--function") { Description = "Only this function's dead letters", HelpName = "NAME" };
        var ids = new Argument<string[]>("request-id") { Description = "The dead letters to send back; none: all (of --function)", Arity = ArgumentArity.ZeroOrMore };
        var redrive = new Command("redrive", "Send dead letters back to the queue for another round of attempts") { redriveFunction, ids };
        redrive.SetAction((parse, cancellationToken) => RedriveAsync(
            parse.GetValue(EndpointOption.Instance)!, parse.GetValue(redriveFunction), parse.GetValue(ids) ?? [], console, cancellationToken));

        return new Command("dlq", "Dead letters of asynchronous invocation") { list, redrive };
    }

    private static async Task<int> ListAsync(
        string endpointText, string? function, int? limit, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var query = NativeApi.DeadLettersPath + "?" + string.Join('&', new[]
        {
            function is null ? null : "function=" + Uri.EscapeDataString(function),
            limit is null ? null : "limit=" + CliFormat.Number(limit.Value),
        }.Where(p => p is not null));
        var answer = await client.GetAsync(query.TrimEnd('?'), KumoJsonContext.Default.EventList, cancellationToken);
        if (answer.Value is not { } dead)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(dead, KumoJsonContext.Default.EventList));
            return ExitCodes.Success;
        }

        if (dead.Events.Count == 0)
        {
            console.Out.MarkupLine("[dim]No dead letters.[/]");
            return ExitCodes.Success;
        }

        var table = CliFormat.ListTable("ACCEPTED", "REQUEST ID", "FUNCTION", "STATUS", "ATTEMPTS", "LAST ERROR");
        foreach (var e in dead.Events)
        {
            var error = e.LastError is { Length: > 80 } text ? text[..80] + "…" : e.LastError ?? "";
            table.AddRow(
                CliFormat.Time(e.EnqueuedAt), Markup.Escape(e.RequestId), Markup.Escape(e.FunctionName),
                JsonNamingPolicy.CamelCase.ConvertName(e.Status.ToString()), CliFormat.Number(e.Attempts), Markup.Escape(error.ReplaceLineEndings(" ")));
        }

        console.Out.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> RedriveAsync(string endpointText, string? function, string[] ids, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.PostAsync(
            NativeApi.DeadLettersPath + "/redrive",
            new RedriveRequest(function, ids.Length == 0 ? null : ids),
            KumoJsonContext.Default.RedriveRequest,
            KumoJsonContext.Default.RedriveResult,
            cancellationToken);
        if (answer.Value is not { } result)
        {
            return answer.ExitCode;
        }

        console.Out.MarkupLine(result.Redriven.Count == 0
            ? "[dim]No dead letters to send back.[/]"
            : $"Sent {result.Redriven.Count} dead letter(s) back to the queue.");
        foreach (var id in result.Redriven)
        {
            console.Out.Profile.Out.Writer.WriteLine(id);
        }

        return ExitCodes.Success;
    }
}
