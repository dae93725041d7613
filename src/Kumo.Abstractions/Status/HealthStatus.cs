namespace Kumo.Abstractions.Status;

/// <summary>The answer of <c>GET /healthz</c>.</summary>
/// <param name="Status">The platform state in words: <c>starting</c>, <c>ready</c> or <c>stopping</c>.</param>
/// <param name="Reason">Why the server is not ready, when it is not.</param>
public sealed record HealthStatus(string Status, string? Reason);
