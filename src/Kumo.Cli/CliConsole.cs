using Spectre.Console;

namespace Kumo.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, errors and warnings to <see cref="Error"/>.</summary>
internal sealed class CliConsole(IAnsiConsole output, TextWriter error)
{
    public IAnsiConsole Out { get; } = output;

    public TextWriter Error { get; } = error;

    public static CliConsole System()
    {
        var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // A pipe or file has no width: never wrap what scripts read.
            output.Profile.Width = int.MaxValue / 2;
        }

        return new CliConsole(output, Console.Error);
    }

    /// <summary>Reports a failure as one line: <c>kumo: what went wrong and what to do</c>.</summary>
    public void Fail(string message) => Error.WriteLine($"kumo: {message}");

    public void Warn(string message) => Error.WriteLine($"kumo: warning: {message}");
}
