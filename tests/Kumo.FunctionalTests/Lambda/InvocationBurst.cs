namespace Kumo.FunctionalTests.Lambda;

/// <summary>Invocations sent at once: how long the whole burst took, and each one's outcome.</summary>
internal sealed record InvocationBurst(TimeSpan Elapsed, IReadOnlyList<ClientResult> Results);
