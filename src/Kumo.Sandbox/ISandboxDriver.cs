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
}
