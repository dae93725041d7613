using System.Globalization;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Invocations;
using Spectre.Console;

namespace Kumo.Cli;

/// <summary>How the CLI writes times, sizes and durations, the same way in every command.</summary>
internal static class CliFormat
{
    /// <summary>An ISO-8601 UTC time with milliseconds: <c>2026-01-31T12:00:00.123Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Milliseconds(double milliseconds) =>
        milliseconds.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A borderless table with a heading per column and two spaces between columns, as <c>ls</c> verbs print.</summary>
    /// <param name="headings">The column headings; one ending in <c>&gt;</c> is right-aligned (the marker is dropped).</param>
    public static Table ListTable(params string[] headings)
    {
        var table = new Table().NoBorder();
        foreach (var heading in headings)
        {
            var column = new TableColumn(heading.TrimEnd('>')) { Padding = new Padding(0, 0, 2, 0) };
            table.AddColumn(heading.EndsWith('>') ? column.RightAligned() : column);
        }

        return table;
    }

    /// <summary>A log line as <c>kumo logs</c> prints it: <c>time request-id text</c>.</summary>
    public static string LogLine(LogEntry line) =>
        line.RequestId.Length == 0 ? $"{Time(line.Timestamp)} {line.Text}" : $"{Time(line.Timestamp)} {line.RequestId} {line.Text}";

    /// <summary>An outcome's name as markup: green for success, yellow for throttled, red otherwise.</summary>
    public static string Outcome(InvocationOutcome outcome) => outcome switch
    {
        InvocationOutcome.Success => $"[green]{OutcomeNames.Of(outcome)}[/]",
        InvocationOutcome.Throttled => $"[yellow]{OutcomeNames.Of(outcome)}[/]",
        _ => $"[red]{OutcomeNames.Of(outcome)}[/]",
    };
}
