using Kumo.Abstractions.Lifecycle;
using Kumo.Sandbox.Runc;

namespace Kumo.Sandbox;

/// <summary>Before the platform takes work: runc is there, the root file system is ready, leftovers are gone.</summary>
internal sealed class SandboxStartup(RuncSandboxDriver driver) : IStartupStep
{
    public string Name => "prepare sandboxes";

    public Task RunAsync(CancellationToken cancellationToken) => driver.InitializeAsync(cancellationToken);
}
