using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo functions ls</c>: every function, in order of name.</summary>
internal static class FunctionsListCommand
{
    private const int PageSize = 1000;

    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the functions as JSON" };
        var command = new Command("ls", "List the functions") { json };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(json), console, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string endpointText, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var functions = new List<FunctionEntry>();
        string? marker = null;
        do
        {
            var query = $"{NativeApi.FunctionsPath}?limit={PageSize}" + (marker is null ? "" : $"&marker={Uri.EscapeDataString(marker)}");
            var page = await client.GetAsync(query, KumoJsonContext.Default.FunctionList, cancellationToken);
            if (page.Value is null)
            {
                return page.ExitCode;
            }

            functions.AddRange(page.Value.Functions);
            marker = page.Value.NextMarker;
        }
        while (marker is not null);

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new FunctionList(functions, null), KumoJsonContext.Default.FunctionList));
        }
        else if (functions.Count == 0)
        {
            console.Out.MarkupLine("[dim]No functions yet.[/]");
        }
        else
        {
            Render(functions, console.Out);
        }

        return ExitCodes.Success;
    }

    private static void Render(IEnumerable<FunctionEntry> functions, IAnsiConsole output)
    {
        var table = CliFormat.ListTable("NAME", "RUNTIME", "MEMORY>", "TIMEOUT>", "STATE", "LAST MODIFIED");
        foreach (var function in functions)
        {
            var state = function.State switch
            {
                FunctionState.Active => "[green]active[/]",
                FunctionState.Pending => "[yellow]pending[/]",
                _ => "[red]failed[/]",
            };
            table.AddRow(
                Markup.Escape(function.Name),
                Markup.Escape(function.Runtime),
                $"{function.MemoryMb.ToString(CultureInfo.InvariantCulture)} MB",
                $"{function.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s",
                state,
                CliFormat.Time(function.LastModified));
        }

        output.Write(table);
    }
}
