namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>POST /_kumo/v1/dlq/redrive</c>: the request ids sent back to the queue.</summary>
/// <param name="Redriven">The ids.</param>
public sealed record RedriveResult(IReadOnlyList<string> Redriven);
