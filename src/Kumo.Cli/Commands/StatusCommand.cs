using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Status;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo status</c>: is a server up, and what it runs.</summary>
internal static class StatusCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON" };
        var command = new Command("status", "Show whether a Kumo server is up and what it runs; exits 1 unless it is ready")
        {
            json,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(json), console, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string endpointText, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOption.Parse(endpointText, out var problem);
        if (endpoint is null)
        {
            console.Fail(problem!);
            return ExitCodes.Usage;
        }

        ServerStatus? status;
        try
        {
            using var http = new HttpClient { BaseAddress = endpoint, Timeout = RequestTimeout };
            using var response = await http.GetAsync("_kumo/v1/status", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                console.Fail($"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} to GET /_kumo/v1/status; is it a Kumo server?");
                return ExitCodes.Failure;
            }

            status = await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ServerStatus, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            console.Fail($"no Kumo server answers at {endpoint} ({e.Message}). Start one with 'kumo up', or name another with --endpoint or {EndpointOption.EnvironmentVariable}.");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            console.Fail($"the server at {endpoint} did not answer within {RequestTimeout.TotalSeconds:0} s.");
            return ExitCodes.Failure;
        }
        catch (JsonException e)
        {
            console.Fail($"{endpoint} answered GET /_kumo/v1/status with something other than Kumo's status ({e.Message}); is it a Kumo server?");
            return ExitCodes.Failure;
        }

        if (status is null || status.Version is null || status.Endpoint is null || status.DataDirectory is null
            || status.Runtime is null || status.OperatingSystem is null)
        {
            console.Fail($"{endpoint} answered GET /_kumo/v1/status without the fields of Kumo's status; is it a Kumo server?");
            return ExitCodes.Failure;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(status, KumoJsonContext.Default.ServerStatus));
        }
        else
        {
            Render(status, console.Out);
        }

        return status.State == PlatformState.Ready ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Render(ServerStatus status, IAnsiConsole output)
    {
        var state = status.State switch
        {
            PlatformState.Ready => "[green]ready[/]",
            PlatformState.Starting => "[yellow]starting[/]",
            _ => "[yellow]stopping[/]",
        };
        output.MarkupLine($"[bold]Kumo[/] {Markup.Escape(status.Version)} at {Markup.Escape(status.Endpoint)}: {state}");
        var table = new Table().NoBorder().HideHeaders().AddColumn("field").AddColumn("value");
        if (status.HttpsEndpoint is { } https)
        {
            table.AddRow("https", Markup.Escape($"{https} (HTTP/2 and HTTP/1.1)"));
        }

        table.AddRow("uptime", Markup.Escape(FormatUptime(TimeSpan.FromSeconds(status.UptimeSeconds))));
        table.AddRow("installation", Markup.Escape(status.InstallationId ?? "(not yet known)"));
        table.AddRow("data", Markup.Escape(status.DataDirectory));
        if (status.Storage is { } storage)
        {
            table.AddRow("metadata", Markup.Escape($"{storage.Backend} at {storage.Location}, schema {storage.SchemaVersion}"));
        }

        if (status.Sandboxes is { } sandboxes)
        {
            var isolation = sandboxes.Isolates ? "isolated" : "[red]NOT ISOLATED[/]";
            table.AddRow("sandboxes", $"{Markup.Escape(sandboxes.Driver)} ({isolation}), {sandboxes.Live} live");
            table.AddRow("runtimes", Markup.Escape(string.Join(", ", sandboxes.Runtimes)));
        }

        if (status.Pools is { Count: > 0 } pools)
        {
            table.AddRow("stem pools", Markup.Escape(string.Join(", ", pools.Select(p =>
                $"{p.Kind} {p.Ready}/{p.Target} ready" + (p.Starting > 0 ? $" ({p.Starting} starting)" : "")))));
        }

        table.AddRow("process", Markup.Escape($"pid {status.ProcessId}, {status.Runtime}, {status.OperatingSystem}"));
        output.Write(table);
    }

    private static string FormatUptime(TimeSpan uptime) => uptime switch
    {
        { TotalDays: >= 1 } => $"{(int)uptime.TotalDays}d {uptime.Hours}h {uptime.Minutes}m",
        { TotalHours: >= 1 } => $"{uptime.Hours}h {uptime.Minutes}m {uptime.Seconds}s",
        { TotalMinutes: >= 1 } => $"{uptime.Minutes}m {uptime.Seconds}s",
        _ => $"{uptime.TotalSeconds:0.0}s",
    };
}
