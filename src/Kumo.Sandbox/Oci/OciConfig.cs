using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Kumo.Sandbox.Runtimes;
using Kumo.Sandbox.Stems;

namespace Kumo.Sandbox.Oci;

/// <summary>
/// Builds the OCI runtime configuration (runc's config.json) of one sandbox. A pure function of its inputs:
/// every namespace, mount, limit and capability of a sandbox is decided here, and tested here.
/// </summary>
internal static class OciConfig
{
    /// <summary>The Runtime API address inside every sandbox.</summary>
    public const string RuntimeApiAddress = "127.0.0.1:9001";

    /// <summary>
    /// The address of Kumo's own APIs (S3, Lambda, native, HTTP apps) inside every sandbox: kumo-init relays it to
    /// the gateway's socket. The port next to the Runtime API's, as nothing on Lambda takes it.
    /// </summary>
    public const string GatewayAddress = "127.0.0.1:9002";

    /// <summary>The endpoint the AWS SDKs in a sandbox are pointed at, in <c>AWS_ENDPOINT_URL</c> and the per-service variables.</summary>
    public const string GatewayUrl = "http://" + GatewayAddress;

    /// <summary>Where the Runtime API socket is inside a sandbox.</summary>
    public const string RuntimeSocketInSandbox = "/run/kumo/runtime.sock";

    /// <summary>Where the gateway's socket is inside a sandbox.</summary>
    public const string GatewaySocketInSandbox = "/run/kumo/gateway.sock";

    /// <summary>The per-service endpoint variables Kumo sets, for the services it serves.</summary>
    public static readonly IReadOnlyList<string> ServiceEndpointVariables = ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_LAMBDA"];

    /// <summary>Lambda's limit on processes and threads per sandbox.</summary>
    public const int ProcessLimit = 1024;

    /// <summary>Lambda's limit on open files per sandbox.</summary>
    public const int OpenFileLimit = 1024;

    /// <summary>The interface slirp4netns adds to a sandbox with outbound network; kumo-init waits for its route.</summary>
    public const string NetworkInterface = "tap0";

    /// <summary>On Lambda a function with 1,769 MB has one full vCPU; shares follow the same ratio.</summary>
    public const int MegabytesPerCpu = 1769;

    /// <summary>kumo-init's option for a generic stem: no runtime yet, wait for the hand-over and start the one it names.</summary>
    public const string AwaitSpecializationOption = "--await-specialization";

    /// <summary>The configuration of a sandbox started for <paramref name="spec"/>: its code at <c>/var/task</c>, its runtime running.</summary>
    public static JsonObject Build(
        string sandboxId,
        SandboxSpec spec,
        RuntimeDefinition runtime,
        SandboxLayout layout,
        HostFilesystem host,
        string logStreamName,
        SandboxIdentity identity,
        Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(identity);
        var environment = SandboxEnvironment.Function(spec, runtime, logStreamName, identity.Credentials);
        return Build(
            sandboxId,
            ["/var/runtime/kumo-init", "--", .. runtime.Command],
            environment,
            new SandboxShape(spec.MemoryMb, spec.EphemeralStorageMb, Bind("/var/task", spec.CodeDirectory, "ro", "nosuid", "nodev")),
            layout,
            host,
            identity,
            architecture);
    }

    /// <summary>
    /// The configuration of a stem cell of <paramref name="kind"/>: the same container as <see cref="Build(string, SandboxSpec, RuntimeDefinition, SandboxLayout, HostFilesystem, string, SandboxIdentity, Architecture)"/>
    /// makes for a function of that memory size with no outbound network and a 512 MB <c>/tmp</c>, but <c>/var/task</c>
    /// is the code slot <paramref name="slot"/> (a slave of it: the function's code appears when the host mounts it
    /// there), and the runtime starts with the stem environment — or, for a generic stem (<paramref name="runtime"/>
    /// null), kumo-init waits for the hand-over with no runtime.
    /// </summary>
    public static JsonObject BuildStem(
        string sandboxId,
        StemCellKind kind,
        RuntimeDefinition? runtime,
        string slot,
        SandboxLayout layout,
        HostFilesystem host,
        SandboxIdentity identity,
        Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(slot);
        return Build(
            sandboxId,
            runtime is null ? ["/var/runtime/kumo-init", AwaitSpecializationOption] : ["/var/runtime/kumo-init", "--", .. runtime.Command],
            SandboxEnvironment.Stem(runtime, kind.MemoryMb),
            new SandboxShape(kind.MemoryMb, StemCellFit.EphemeralStorageMb, Bind("/var/task", slot, "ro", "nosuid", "nodev", "rslave")),
            layout,
            host,
            identity,
            architecture);
    }

    private static JsonObject Build(
        string sandboxId,
        IReadOnlyList<string> arguments,
        Dictionary<string, string> environment,
        SandboxShape shape,
        SandboxLayout layout,
        HostFilesystem host,
        SandboxIdentity identity,
        Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(host);
        var memoryBytes = (long)shape.MemoryMb * 1024 * 1024;
        return new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["hostname"] = "sandbox",
            ["root"] = new JsonObject { ["path"] = layout.RootFilesystem, ["readonly"] = true },
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject { ["uid"] = identity.UserId, ["gid"] = identity.UserId, ["additionalGids"] = new JsonArray() },
                ["args"] = new JsonArray(arguments.Select(a => (JsonNode)a).ToArray()),
                ["env"] = new JsonArray(SandboxEnvironment.Lines(environment).Append($"KUMO_DRAIN_NONCE={identity.MarkerNonce}").Select(e => (JsonNode)e).ToArray()),
                ["cwd"] = "/var/task",
                ["capabilities"] = new JsonObject
                {
                    ["bounding"] = new JsonArray(),
                    ["effective"] = new JsonArray(),
                    ["inheritable"] = new JsonArray(),
                    ["permitted"] = new JsonArray(),
                    ["ambient"] = new JsonArray(),
                },
                ["rlimits"] = new JsonArray(
                    Rlimit("RLIMIT_NOFILE", OpenFileLimit),
                    Rlimit("RLIMIT_CORE", 0)),
                ["noNewPrivileges"] = true,
                // When the host runs short of memory, its OOM killer takes sandboxes before anything else.
                ["oomScoreAdj"] = 1000,
            },
            ["mounts"] = Mounts(shape, layout, host, identity),
            ["linux"] = new JsonObject
            {
                ["cgroupsPath"] = layout.CgroupOf(sandboxId),
                ["resources"] = new JsonObject
                {
                    // With the swap limit equal to the memory limit, a sandbox cannot spill into swap either.
                    ["memory"] = identity.LimitSwap
                        ? new JsonObject { ["limit"] = memoryBytes, ["swap"] = memoryBytes }
                        : new JsonObject { ["limit"] = memoryBytes },
                    ["pids"] = new JsonObject { ["limit"] = ProcessLimit },
                    ["cpu"] = new JsonObject { ["shares"] = CpuShares(shape.MemoryMb) },
                    ["devices"] = new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }),
                },
                ["namespaces"] = new JsonArray(
                    Namespace("pid"), Namespace("network"), Namespace("ipc"), Namespace("uts"), Namespace("mount")),
                ["maskedPaths"] = new JsonArray(
                    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"),
                ["readonlyPaths"] = new JsonArray(
                    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                ["seccomp"] = SeccompProfile.Build(architecture),
            },
        };
    }

    /// <summary>CPU shares proportional to memory, as Lambda allots CPU; 1,024 is one CPU's worth.</summary>
    public static long CpuShares(int memoryMb) => Math.Max(2, (long)memoryMb * 1024 / MegabytesPerCpu);

    private static JsonArray Mounts(SandboxShape shape, SandboxLayout layout, HostFilesystem host, SandboxIdentity identity)
    {
        var mounts = new JsonArray
        {
            Mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"),
            Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
            Bind("/usr", "/usr", "ro", "nosuid", "nodev"),
        };
        foreach (var directory in host.TopLevelDirectories)
        {
            mounts.Add(Bind("/" + directory, "/" + directory, "ro", "nosuid", "nodev"));
        }

        if (host.HasCertificates)
        {
            mounts.Add(Bind("/etc/ssl/certs", "/etc/ssl/certs", "ro", "nosuid", "nodev", "noexec"));
        }

        mounts.Add(Bind("/etc/passwd", identity.PasswdFile, "ro", "nosuid", "nodev", "noexec"));
        mounts.Add(Bind("/etc/group", identity.GroupFile, "ro", "nosuid", "nodev", "noexec"));
        if (identity.ResolvConfFile is { } resolvConf)
        {
            mounts.Add(Bind("/etc/resolv.conf", resolvConf, "ro", "nosuid", "nodev", "noexec"));
        }
        mounts.Add(shape.TaskMount);
        mounts.Add(Bind("/var/runtime", layout.RuntimeDirectory, "ro", "nosuid", "nodev"));
        // The Runtime API's and the gateway's sockets, which kumo-init relays to.
        mounts.Add(Bind("/run/kumo", layout.SocketDirectory, "ro", "nosuid", "nodev", "noexec"));
        mounts.Add(Mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777", $"size={shape.EphemeralStorageMb}m"));
        return mounts;
    }

    private static JsonObject Mount(string destination, string type, string source, params string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = new JsonArray(options.Select(o => (JsonNode)o).ToArray()),
    };

    private static JsonObject Bind(string destination, string source, params string[] options) =>
        Mount(destination, "bind", source, ["bind", .. options]);

    private static JsonObject Namespace(string type) => new() { ["type"] = type };

    private static JsonObject Rlimit(string type, long limit) => new() { ["type"] = type, ["hard"] = limit, ["soft"] = limit };
}
