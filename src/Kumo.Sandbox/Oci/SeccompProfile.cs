using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Kumo.Sandbox.Oci;

/// <summary>
/// The system calls a function never needs, denied with EPERM: every one is a decision, listed here and
/// nowhere else (see docs/design/002-sandbox.md). Everything else is allowed, so that runtimes work unchanged.
/// </summary>
internal static class SeccompProfile
{
    private const int PermissionDenied = 1;
    private const int NotImplemented = 38;

    /// <summary>Denied outright.</summary>
    public static IReadOnlyList<string> Denied { get; } =
    [
        // Mounting and changing root: the file system is Kumo's to arrange.
        "mount", "umount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig",
        "fsmount", "fspick", "mount_setattr",
        // Entering or making namespaces.
        "unshare", "setns",
        // Looking into or tampering with other processes.
        "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "perf_event_open",
        // The kernel's keyring, BPF, modules, kexec.
        "keyctl", "add_key", "request_key", "bpf", "init_module", "finit_module", "delete_module", "create_module",
        "kexec_load", "kexec_file_load", "query_module", "get_kernel_syms",
        // The machine as a whole: clocks, swap, reboot, accounting, quotas, the kernel log.
        "reboot", "swapon", "swapoff", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "stime",
        "acct", "quotactl", "syslog", "_sysctl", "sysfs", "ustat", "uselib", "nfsservctl", "lookup_dcookie",
        // File handles bypass path checks; userfaultfd is a favourite of kernel exploits.
        "name_to_handle_at", "open_by_handle_at", "userfaultfd",
        // Raw port I/O.
        "iopl", "ioperm", "vm86", "vm86old",
        // io_uring: a large, fast-moving kernel surface that runtimes do not need (Docker denies it too).
        "io_uring_setup", "io_uring_enter", "io_uring_register",
    ];

    /// <summary>socket() address families that reach beyond the sandbox's network namespace: AF_VSOCK (the hypervisor).</summary>
    public static IReadOnlyList<ulong> DeniedSocketFamilies { get; } = [40];

    /// <summary>personality() flags denied: turning off address-space randomisation.</summary>
    public const ulong AddrNoRandomize = 0x0040000;

    /// <summary>clone() flags that make namespaces; clone() with any of them is denied.</summary>
    public static IReadOnlyList<ulong> NamespaceCloneFlags { get; } =
    [
        0x00020000, // CLONE_NEWNS
        0x02000000, // CLONE_NEWCGROUP
        0x04000000, // CLONE_NEWUTS
        0x08000000, // CLONE_NEWIPC
        0x10000000, // CLONE_NEWUSER
        0x20000000, // CLONE_NEWPID
        0x40000000, // CLONE_NEWNET
    ];

    public static JsonObject Build(Architecture architecture)
    {
        var rules = new JsonArray
        {
            new JsonObject
            {
                ["names"] = new JsonArray(Denied.Select(n => (JsonNode)n).ToArray()),
                ["action"] = "SCMP_ACT_ERRNO",
                ["errnoRet"] = PermissionDenied,
            },
            // clone3 passes its flags in memory, where seccomp cannot look: report it missing, and libc
            // falls back to clone(), whose flags the rules below check.
            new JsonObject
            {
                ["names"] = new JsonArray("clone3"),
                ["action"] = "SCMP_ACT_ERRNO",
                ["errnoRet"] = NotImplemented,
            },
        };
        foreach (var family in DeniedSocketFamilies)
        {
            rules.Add(ArgumentRule("socket", family, family, "SCMP_CMP_EQ"));
        }

        rules.Add(ArgumentRule("personality", AddrNoRandomize, AddrNoRandomize, "SCMP_CMP_MASKED_EQ"));
        foreach (var flag in NamespaceCloneFlags)
        {
            rules.Add(ArgumentRule("clone", flag, flag, "SCMP_CMP_MASKED_EQ"));
        }

        return new JsonObject
        {
            ["defaultAction"] = "SCMP_ACT_ALLOW",
            ["architectures"] = new JsonArray(Architectures(architecture).Select(a => (JsonNode)a).ToArray()),
            ["syscalls"] = rules,
        };
    }

    /// <summary>A rule denying <paramref name="call"/> (EPERM) when its first argument matches.</summary>
    private static JsonObject ArgumentRule(string call, ulong value, ulong valueTwo, string op) => new()
    {
        ["names"] = new JsonArray(call),
        ["action"] = "SCMP_ACT_ERRNO",
        ["errnoRet"] = PermissionDenied,
        ["args"] = new JsonArray(new JsonObject { ["index"] = 0, ["value"] = value, ["valueTwo"] = valueTwo, ["op"] = op }),
    };

    /// <summary>
    /// The native architecture only: a system call through a compat ABI (32-bit x86, x32, 32-bit ARM) is not in
    /// the filter's architectures, and libseccomp kills the caller, so no compat system call is reachable.
    /// </summary>
    private static string[] Architectures(Architecture architecture) => architecture switch
    {
        Architecture.X64 => ["SCMP_ARCH_X86_64"],
        Architecture.Arm64 => ["SCMP_ARCH_AARCH64"],
        _ => throw new PlatformNotSupportedException($"Kumo's sandboxes run on x64 and arm64, not {architecture}"),
    };
}
