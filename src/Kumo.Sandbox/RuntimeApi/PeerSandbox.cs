using System.Buffers.Binary;
using System.Net.Sockets;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// Tells which sandbox a Runtime API connection comes from. The kernel reports the connecting process
/// (SO_PEERCRED), and that process's cgroup names its sandbox: <c>/kumo/ID</c>. A function cannot leave its
/// cgroup, so a connection can only ever speak for its own sandbox, whatever it sends.
/// </summary>
internal static class PeerSandbox
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const string CgroupPrefix = "/kumo/";

    public static string? Identify(Socket socket)
    {
        Span<byte> credentials = stackalloc byte[12];
        if (socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) < 4)
        {
            return null;
        }

        var pid = BinaryPrimitives.ReadInt32LittleEndian(credentials);
        if (pid <= 0)
        {
            return null;
        }

        try
        {
            return SandboxIdFromCgroups(File.ReadAllText($"/proc/{pid}/cgroup"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Finds <c>/kumo/ID</c> in the text of <c>/proc/PID/cgroup</c> (v1: a line per controller; v2: <c>0::/path</c>).</summary>
    public static string? SandboxIdFromCgroups(string procCgroup)
    {
        foreach (var line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = line[(line.IndexOf(':', line.IndexOf(':') + 1) + 1)..];
            var at = path.IndexOf(CgroupPrefix, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var id = path[(at + CgroupPrefix.Length)..];
            var slash = id.IndexOf('/');
            return slash < 0 ? id : id[..slash];
        }

        return null;
    }
}
