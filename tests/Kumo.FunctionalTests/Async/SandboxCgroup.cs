using System.Security.Cryptography;
using System.Text;

namespace Kumo.FunctionalTests.Async;

/// <summary>
/// The cgroup under which a server's sandboxes run: <c>/kumo/</c> and a hash of its sandbox folder, as
/// Kumo.Sandbox's SandboxLayout names it (and as <see cref="Lambda.LambdaServer"/> checks it).
/// </summary>
internal static class SandboxCgroup
{
    /// <summary>The processes still in a cgroup of the sandboxes of the server with <paramref name="dataDirectory"/>.</summary>
    public static List<int> ProcessesOf(string dataDirectory)
    {
        var sandboxRoot = Path.Combine(Path.GetFullPath(dataDirectory), "sandbox");
        var parent = "/kumo/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sandboxRoot)))[..12];
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cgroup")).Contains(parent, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
