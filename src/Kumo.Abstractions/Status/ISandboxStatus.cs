namespace Kumo.Abstractions.Status;

/// <summary>Describes the sandboxes of this node; implemented by the sandbox driver.</summary>
public interface ISandboxStatus
{
    /// <summary>The driver, its isolation, the live sandboxes and the runtimes.</summary>
    SandboxDescription Describe();
}
