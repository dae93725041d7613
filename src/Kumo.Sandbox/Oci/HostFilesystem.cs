namespace Kumo.Sandbox.Oci;

/// <summary>
/// What of the host's own file system sandboxes see. <c>/usr</c> always, read-only. On merged-/usr systems
/// (Debian 12 and most current distributions) <c>/bin</c>, <c>/lib</c>, <c>/lib64</c> and <c>/sbin</c> are links
/// into it and the root file system carries the same links; where one is a real directory, it is mounted too.
/// </summary>
/// <param name="TopLevelDirectories">Top-level directories (no leading slash) to mount read-only from the host.</param>
/// <param name="TopLevelLinks">Top-level links to recreate in the root file system, name → target.</param>
/// <param name="HasCertificates">Whether the host has <c>/etc/ssl/certs</c> to share: public CA certificates, never <c>/etc/ssl/private</c>.</param>
internal sealed record HostFilesystem(
    IReadOnlyList<string> TopLevelDirectories,
    IReadOnlyDictionary<string, string> TopLevelLinks,
    bool HasCertificates)
{
    private static readonly string[] Candidates = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

    public static HostFilesystem Inspect()
    {
        var directories = new List<string>();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Candidates)
        {
            var info = new DirectoryInfo("/" + name);
            if (!info.Exists)
            {
                continue;
            }

            if (info.LinkTarget is { } target)
            {
                links[name] = target;
            }
            else
            {
                directories.Add(name);
            }
        }

        return new HostFilesystem(directories, links, Directory.Exists("/etc/ssl/certs"));
    }
}
