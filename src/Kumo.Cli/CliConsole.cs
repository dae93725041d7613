using Spectre.Console;

namespace Kumo.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, errors and warnings to <see cref="Error"/>.</summary>
internal sealed class CliConsole(IAnsiConsole output, TextWriter error, TextWriter? plainOut = null)
{
    public IAnsiConsole Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>
    /// Writes one line of markup as a whole. Spectre writes a line's styled pieces one by one, so a log line written by
    /// another thread meanwhile (<c>kumo up</c> logs to the same output) could land inside it; into a pipe or file, the
    /// line goes out as one plain string instead, which the synchronised console writer never splits.
    /// </summary>
    public void Line(string markup)
    {
        if (plainOut is not null)
        {
            plainOut.WriteLine(Markup.Remove(markup));
        }
        else
        {
            Out.MarkupLine(markup);
        }
    }

    public static CliConsole System()
    {
        var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // A pipe or file has no width: never wrap what scripts read.
            output.Profile.Width = int.MaxValue / 2;
        }

        return new CliConsole(output, Console.Error, Console.IsOutputRedirected ? Console.Out : null);
    }

    /// <summary>Reports a failure as one line: <c>kumo: what went wrong and what to do</c>.</summary>
    public void Fail(string message) => Error.WriteLine($"kumo: {message}");

    public void Warn(string message) => Error.WriteLine($"kumo: warning: {message}");
}
