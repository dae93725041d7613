namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/invocations</c>: the records that match, newest first.</summary>
/// <param name="Invocations">The records.</param>
public sealed record InvocationList(IReadOnlyList<InvocationEntry> Invocations);
