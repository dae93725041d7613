namespace Kumo.Abstractions.Functions;

/// <summary>
/// Marks a connection that came from a function inside a sandbox, through the sandboxes' gateway socket (a connection
/// feature, so every request on it carries it). What such a request may do is narrower than what the port allows:
/// object storage, apps' routes, function URLs and invoking functions, not the control plane.
/// </summary>
/// <param name="SandboxId">The sandbox the connection came from.</param>
public sealed record SandboxCaller(string SandboxId);
