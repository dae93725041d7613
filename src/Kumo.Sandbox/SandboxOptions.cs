using Kumo.Runtimes;

namespace Kumo.Sandbox;

/// <summary>How the sandbox driver runs: where runc and the runtime files are, and its limits.</summary>
public sealed class SandboxOptions
{
    /// <summary>The runc executable: a path, or a name looked up on PATH.</summary>
    public string RuncPath { get; init; } = "runc";

    /// <summary>The slirp4netns executable that gives sandboxes with outbound network their route out.</summary>
    public string Slirp4netnsPath { get; init; } = "slirp4netns";

    /// <summary>Where kumo-init and the bootstraps are; mounted at <c>/var/runtime</c>.</summary>
    public string RuntimeDirectory { get; init; } = RuntimeFiles.DefaultDirectory;

    /// <summary>How long a runtime may take to initialise (load its handler) before the sandbox is killed.</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How much log one invocation may write before the rest is cut, with a marker saying so.</summary>
    public int MaxLogBytesPerInvocation { get; init; } = 256 * 1024;
}
