namespace Kumo.Invocation.Worker;

/// <summary>A function the keep-alive pre-warms a sandbox for.</summary>
/// <param name="TenantId">The tenant that owns it.</param>
/// <param name="Name">Its name.</param>
internal readonly record struct PreWarmTarget(string TenantId, string Name);
