namespace Kumo.Abstractions.Status;

/// <summary>What runs the functions, for status pages.</summary>
/// <param name="Driver">The sandbox driver, such as <c>runc</c>.</param>
/// <param name="Isolates">Whether sandboxes are isolated from the host and from each other.</param>
/// <param name="Live">How many sandboxes are alive now.</param>
/// <param name="Runtimes">The runtime identifiers this machine can run.</param>
public sealed record SandboxDescription(string Driver, bool Isolates, int Live, IReadOnlyList<string> Runtimes);
