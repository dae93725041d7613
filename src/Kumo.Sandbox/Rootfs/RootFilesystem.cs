using Kumo.Sandbox.Oci;

namespace Kumo.Sandbox.Rootfs;

/// <summary>
/// The root file system all sandboxes share, read-only: empty mount points for what each sandbox mounts,
/// links into <c>/usr</c> as on the host, and a small <c>/etc</c> of Kumo's own. The host's <c>/etc</c> is never
/// visible (no shadow file, no host configuration).
/// </summary>
internal static class RootFilesystem
{
    private static readonly string[] MountPoints =
        ["usr", "proc", "dev", "tmp", "var/task", "var/runtime", "run/kumo", "etc/ssl/certs", "opt", "home"];

    public static void Prepare(string path, HostFilesystem host)
    {
        Directory.CreateDirectory(path);
        foreach (var mountPoint in MountPoints.Concat(host.TopLevelDirectories))
        {
            Directory.CreateDirectory(Path.Combine(path, mountPoint));
        }

        // runc gives a tmpfs the mode of the directory it is mounted on: /tmp must be world-writable and sticky.
        File.SetUnixFileMode(Path.Combine(path, "tmp"), (UnixFileMode)0b1_111_111_111);

        foreach (var (name, target) in host.TopLevelLinks)
        {
            var link = Path.Combine(path, name);
            if (new FileInfo(link).LinkTarget != target)
            {
                File.Delete(link);
                File.CreateSymbolicLink(link, target);
            }
        }

        var etc = Path.Combine(path, "etc");
        // Mount points for each sandbox's own passwd and group, which name its own uid.
        Write(etc, "passwd", SandboxUser.Passwd(SandboxUser.FirstId));
        Write(etc, "group", SandboxUser.Group(SandboxUser.FirstId));
        Write(etc, "hosts", "127.0.0.1 localhost sandbox\n::1 localhost ip6-localhost ip6-loopback\n");
        Write(etc, "nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n");
        Write(etc, "resolv.conf", "");
        // The dynamic linker's cache must describe the same /usr the sandbox mounts: the host's.
        CopyIfPresent("/etc/ld.so.cache", Path.Combine(etc, "ld.so.cache"));
        CopyIfPresent("/etc/os-release", Path.Combine(etc, "os-release"));
    }

    private static void Write(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path) || File.ReadAllText(path) != content)
        {
            File.WriteAllText(path, content);
        }
    }

    private static void CopyIfPresent(string source, string destination)
    {
        if (File.Exists(source))
        {
            File.Copy(source, destination, overwrite: true);
        }
    }
}
