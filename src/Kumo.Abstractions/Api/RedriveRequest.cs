namespace Kumo.Abstractions.Api;

/// <summary>The body of <c>POST /_kumo/v1/dlq/redrive</c>: which dead letters to send back; none given means all.</summary>
/// <param name="Function">Only this function's.</param>
/// <param name="RequestIds">Only these.</param>
public sealed record RedriveRequest(string? Function, IReadOnlyList<string>? RequestIds);
