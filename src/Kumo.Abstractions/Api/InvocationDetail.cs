namespace Kumo.Abstractions.Api;

/// <summary>
/// The answer of <c>GET /_kumo/v1/invocations/{requestId}</c>: the latest record and the log, oldest line first;
/// for an asynchronous event also its status and every attempt. An event that has not run yet has no record.
/// </summary>
/// <param name="Invocation">The latest record, or null when the event has not run yet.</param>
/// <param name="Logs">The log lines of every attempt.</param>
public sealed record InvocationDetail(InvocationEntry? Invocation, IReadOnlyList<LogEntry> Logs)
{
    /// <summary>For an asynchronous invocation: the event's status.</summary>
    public EventEntry? Event { get; init; }

    /// <summary>For an asynchronous invocation: the record of each attempt, first first.</summary>
    public IReadOnlyList<InvocationEntry>? Attempts { get; init; }
}
