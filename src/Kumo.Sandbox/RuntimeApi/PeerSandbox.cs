using System.Buffers.Binary;
using System.Net.Sockets;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// Tells which sandbox a Runtime API connection comes from: the kernel reports the connecting process
/// (SO_PEERCRED), and only a sandbox's PID 1 — kumo-init, whose host pid runc writes to the bundle — may
/// speak for it. kumo-init lives as long as its sandbox, so its pid cannot be reused meanwhile; a connection
/// from any other process (the function itself, another sandbox, a host user) is refused.
/// </summary>
internal static class PeerSandbox
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>How long a connection may wait for runc to write the pid file of a sandbox that is starting.</summary>
    private static readonly TimeSpan PidFileWait = TimeSpan.FromSeconds(10);

    public static async ValueTask<SandboxSession?> IdentifyAsync(Socket socket, SandboxRegistry registry, CancellationToken cancellationToken)
    {
        var pid = PeerPid(socket);
        if (pid <= 0)
        {
            return null;
        }

        return await WaitForSessionAsync(() => registry.AnyStarting, () => registry.FindByInitPid(pid), PidFileWait, cancellationToken);
    }

    /// <summary>
    /// The session <paramref name="find"/> finds, waiting while <paramref name="anyStarting"/> says some sandbox's
    /// pid is still unknown (for up to <paramref name="wait"/>); null when there is none.
    /// </summary>
    internal static async ValueTask<SandboxSession?> WaitForSessionAsync(
        Func<bool> anyStarting, Func<SandboxSession?> find, TimeSpan wait, CancellationToken cancellationToken)
    {
        // runc writes the pid file only after PID 1 has started, so kumo-init can connect first: while some
        // sandbox's pid is still unknown, wait for it rather than turn its own runtime away. Whether any is starting
        // is read before the look-up: read after, a pid file written in between would turn the connection away.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var starting = anyStarting();
            if (find() is { } session)
            {
                return session;
            }

            if (!starting || clock.Elapsed > wait)
            {
                return null;
            }

            await Task.Delay(2, cancellationToken);
        }
    }

    private static int PeerPid(Socket socket)
    {
        Span<byte> credentials = stackalloc byte[12];
        return socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) < 4 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(credentials);
    }
}
