namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/invocations/{requestId}</c>: one record and its log, oldest line first.</summary>
/// <param name="Invocation">The record.</param>
/// <param name="Logs">Its log lines.</param>
public sealed record InvocationDetail(InvocationEntry Invocation, IReadOnlyList<LogEntry> Logs);
