using System.Net;
using System.Net.Sockets;

namespace Kumo.Server;

/// <summary>
/// The port of the embedded Orleans silo. Orleans needs a fixed one; a free loopback port is asked of the kernel,
/// so that several servers (and tests) on one machine never collide.
/// </summary>
internal static class SiloPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
