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

    public static SandboxSession? Identify(Socket socket, SandboxRegistry registry)
    {
        Span<byte> credentials = stackalloc byte[12];
        if (socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) < 4)
        {
            return null;
        }

        return registry.FindByInitPid(BinaryPrimitives.ReadInt32LittleEndian(credentials));
    }
}
