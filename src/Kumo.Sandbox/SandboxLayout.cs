namespace Kumo.Sandbox;

/// <summary>
/// Where a worker keeps its sandbox files under the data directory: the shared read-only root file system,
/// one bundle directory per sandbox, runc's state, and the sockets sandboxes reach: the Runtime API's and the gateway's.
/// </summary>
/// <remarks>
/// The data directory is named by its real path, symbolic links resolved, once, here: stem cells' code slots are
/// found, checked and unmounted by their names in <c>/proc/self/mountinfo</c>, where the kernel gives real paths.
/// </remarks>
public sealed class SandboxLayout(string dataDirectory, string runtimeDirectory)
{
    private readonly string _data = Mounts.RealPath.Of(dataDirectory);

    /// <summary>The folder under the data directory.</summary>
    public string Root => Path.Combine(_data, "sandbox");

    /// <summary>
    /// The code cache's folder (<c>{data}/code</c>, see <see cref="Code.CodeCache"/>): a stem cell takes only code
    /// from a folder directly in it, named by the package's SHA-256.
    /// </summary>
    public string CodeCache => Path.Combine(_data, "code");

    /// <summary>Host files mounted at <c>/var/runtime</c>: kumo-init and the bootstraps.</summary>
    public string RuntimeDirectory { get; } = Path.GetFullPath(runtimeDirectory);

    /// <summary>The root file system every sandbox shares, read-only.</summary>
    public string RootFilesystem => Path.Combine(Root, "rootfs");

    /// <summary>runc's state directory (its <c>--root</c>), holding only Kumo's containers.</summary>
    public string RuncState => Path.Combine(Root, "runc");

    /// <summary>The folder mounted at <c>/run/kumo</c> in every sandbox.</summary>
    public string SocketDirectory => Path.Combine(Root, "run");

    /// <summary>The Runtime API socket that kumo-init relays to.</summary>
    public string RuntimeSocket => Path.Combine(SocketDirectory, "runtime.sock");

    /// <summary>
    /// The gateway's socket — the server's own APIs (S3, Lambda, native, HTTP apps) — that kumo-init relays the
    /// function's <c>127.0.0.1:9002</c> to; <c>/run/kumo/gateway.sock</c> inside a sandbox.
    /// </summary>
    public string GatewaySocket => Path.Combine(SocketDirectory, "gateway.sock");

    /// <summary>
    /// The cgroup that holds this Kumo's sandboxes: <c>/kumo/</c> and a hash of the data directory, so that
    /// servers with different data directories on one host never touch each other's sandboxes.
    /// </summary>
    public string CgroupParent => "/kumo/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Root)))[..12];

    /// <summary>The cgroup of one sandbox.</summary>
    public string CgroupOf(string sandboxId) => $"{CgroupParent}/{sandboxId}";

    /// <summary>The bundle (config.json and logs) of one sandbox.</summary>
    public string BundleOf(string sandboxId) => Path.Combine(Root, "bundles", sandboxId);

    /// <summary>A stem cell's code slot: the host folder the sandbox sees at <c>/var/task</c>.</summary>
    public string SlotOf(string sandboxId) => Path.Combine(BundleOf(sandboxId), "task");

    /// <summary>The parent of every bundle.</summary>
    public string Bundles => Path.Combine(Root, "bundles");
}
