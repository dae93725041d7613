using System.CommandLine;
using Kumo.Cli.Commands;

namespace Kumo.Cli;

/// <summary>The <c>kumo</c> command line: one verb per file under <c>Commands/</c>.</summary>
internal static class KumoCli
{
    /// <summary>Set to 1 to print the stack trace of an unexpected error.</summary>
    public const string DebugVariable = "KUMO_DEBUG";

    public static RootCommand Create(CliConsole console)
    {
        var root = new RootCommand("Kumo: a self-hosted serverless platform. Run 'kumo up' to start it.")
        {
            UpCommand.Create(console),
            StatusCommand.Create(console),
            new Command("functions", "Work with functions") { FunctionsListCommand.Create(console) },
            InvokeCommand.Create(console),
            new Command("invocations", "Look at past invocations: their outcome, duration, memory and log")
            {
                InvocationsListCommand.Create(console),
                InvocationsGetCommand.Create(console),
            },
            LogsCommand.Create(console),
            DeadLettersCommand.Create(console),
            RoutesCommand.Create(console),
            AppsCommand.Create(console),
            UrlCommand.Create(console),
            BucketsCommand.Create(console),
            VersionCommand.Create(console),
        };
        root.Options.Add(EndpointOption.Instance);
        root.SetAction(parse => new System.CommandLine.Help.HelpAction().Invoke(parse));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = Create(console);
        // '@FILE' is how 'kumo invoke --payload' names a file, not a response file of extra arguments.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                console.Fail(error.Message);
            }

            console.Error.WriteLine($"Run '{CommandPath(result)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out.Profile.Out.Writer,
            Error = console.Error,
            // 'kumo up' handles SIGINT and SIGTERM itself, to drain in-flight work before it exits.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await result.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Every expected failure is reported where it happens; this is the last line of defence.
            console.Fail($"unexpected error: {e.Message} ({e.GetType().Name}). Set {DebugVariable}=1 to see where it came from.");
            if (Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true")
            {
                console.Error.WriteLine(e);
            }

            return ExitCodes.Failure;
        }
    }

    private static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var command = result.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(command.Command is RootCommand ? "kumo" : command.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
