using Kumo.Sandbox.Stems;

namespace Kumo.Sandbox;

/// <summary>Makes sandboxes. The runc driver isolates; any other must say loudly that it does not.</summary>
public interface ISandboxDriver
{
    /// <summary>The driver's name, such as <c>runc</c>.</summary>
    string Name { get; }

    /// <summary>Whether the sandboxes are isolated from the host and from each other.</summary>
    bool Isolates { get; }

    /// <summary>Starts a sandbox for <paramref name="spec"/>; the runtime initialises in the background.</summary>
    /// <exception cref="ArgumentException">The spec cannot run here, such as an unknown runtime.</exception>
    /// <exception cref="SandboxException">The platform could not start the sandbox.</exception>
    Task<ISandbox> CreateAsync(SandboxSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// The kind of stem cell that can become a sandbox for <paramref name="spec"/>, or null when none can (the
    /// function needs a sandbox of its own, such as one with outbound network); <paramref name="reason"/> says why.
    /// Drivers without stem cells return null.
    /// </summary>
    StemCellKind? StemCellFor(SandboxSpec spec, out string? reason)
    {
        reason = $"the {Name} driver has no stem cells";
        return null;
    }

    /// <summary>Starts a stem cell of <paramref name="kind"/>; it becomes ready in the background.</summary>
    /// <exception cref="NotSupportedException">The driver has no stem cells.</exception>
    /// <exception cref="ArgumentException">The driver does not make this kind.</exception>
    /// <exception cref="SandboxException">The platform could not start it.</exception>
    Task<IStemCell> CreateStemCellAsync(StemCellKind kind, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"the {Name} driver has no stem cells");
}
