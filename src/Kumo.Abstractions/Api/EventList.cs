namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/dlq</c>: dead letters, newest first.</summary>
/// <param name="Events">The events.</param>
public sealed record EventList(IReadOnlyList<EventEntry> Events);
