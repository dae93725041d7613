namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/logs</c>: log lines, oldest first.</summary>
/// <param name="Lines">The lines.</param>
/// <param name="LastSequence">
/// The sequence of the last line, or the <c>after</c> asked for when there is none: pass it as <c>after</c> to read on.
/// </param>
public sealed record LogPage(IReadOnlyList<LogEntry> Lines, long LastSequence);
