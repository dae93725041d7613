using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo logs NAME</c>: a function's newest log lines, and with <c>--follow</c> the new ones as they come.</summary>
internal static class LogsCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The function's name" };
        var requestId = new Option<string?>("--request-id") { Description = "Only this invocation's lines", HelpName = "ID" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as they are written, until Ctrl+C" };
        var limit = CliOptions.Limit(100, NativeApi.MaxLogLimit, "How many of the newest lines to print first");
        var command = new Command("logs", "Print a function's log lines: time, request id and text") { name, requestId, follow, limit };
        command.SetAction((parse, cancellationToken) =>
        {
            var query = new StringBuilder(NativeApi.LogsPath).Append("?function=").Append(Uri.EscapeDataString(parse.GetValue(name)!));
            if (parse.GetValue(requestId) is { Length: > 0 } id)
            {
                query.Append("&requestId=").Append(Uri.EscapeDataString(id));
            }

            return RunAsync(parse.GetValue(EndpointOption.Instance)!, query.ToString(), parse.GetValue(limit), parse.GetValue(follow), console, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(string endpointText, string query, int limit, bool follow, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        // Ctrl+C (or SIGTERM) is how a follow ends: it is a success, not an interruption.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = follow ? PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal) : null;
        using var terminate = follow ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal) : null;
        try
        {
            var page = await PrintAsync(client, $"{query}&newest=true&limit={limit}", console, stop.Token);
            while (follow && page.Value is not null)
            {
                if (page.Value.Lines.Count < NativeApi.MaxLogLimit)
                {
                    await Task.Delay(PollInterval, stop.Token);
                }

                page = await PrintAsync(client, $"{query}&after={page.Value.LastSequence}&limit={NativeApi.MaxLogLimit}", console, stop.Token);
            }

            return page.ExitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
    }

    private static async Task<ApiAnswer<LogPage>> PrintAsync(NativeApiClient client, string query, CliConsole console, CancellationToken cancellationToken)
    {
        var page = await client.GetAsync(query, KumoJsonContext.Default.LogPage, cancellationToken);
        var output = console.Out.Profile.Out.Writer;
        foreach (var line in page.Value?.Lines ?? [])
        {
            output.WriteLine(CliFormat.LogLine(line));
        }

        output.Flush();
        return page;
    }
}
