using System.Text;
using Kumo.Abstractions.Functions;
using Kumo.Sandbox.RuntimeApi;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kumo.Sandbox.Gateway;

/// <summary>
/// Lets functions call Kumo's own APIs — S3, Lambda, the native API, HTTP apps — as Lambda functions call AWS:
/// a Kestrel server listens on the gateway socket in the sandboxes' socket folder, which every sandbox sees at
/// <c>/run/kumo/gateway.sock</c> and kumo-init relays the function's <c>127.0.0.1:9002</c> to.
/// </summary>
/// <remarks>
/// Only a sandbox's kumo-init may connect (the kernel's <c>SO_PEERCRED</c> names the peer's pid, as on the
/// Runtime API); its connections count against the sandbox's <see cref="SandboxSession.MaxGatewayConnections"/>.
/// Any other connection — the function straight to the socket, a host process, a stem cell that has not been handed
/// its function (only Kumo's bootstrap runs there, which has no business with Kumo's APIs) — is closed unanswered.
/// </remarks>
internal static class SandboxGatewayListener
{
    /// <summary>The longest path a Unix socket can have on Linux, in bytes (108 with the terminating zero).</summary>
    private const int MaxSocketPathBytes = 107;

    /// <summary>
    /// Adds the gateway socket to <paramref name="kestrel"/>'s endpoints: makes the socket folder and removes a socket
    /// a crashed run left behind. Once bound, <see cref="SocketFolder.OpenToSandboxes"/> lets the sandboxes connect.
    /// </summary>
    /// <exception cref="SandboxException">The data directory's path is too long for a Unix socket.</exception>
    public static void Listen(KestrelServerOptions kestrel, SandboxLayout layout, SandboxRegistry registry)
    {
        var path = layout.GatewaySocket;
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
        {
            throw new SandboxException(
                $"the data directory's path is too long for the sandboxes' sockets: {path} has {Encoding.UTF8.GetByteCount(path)} bytes, " +
                $"and a Unix socket's path may have {MaxSocketPathBytes}. Choose a data directory with a shorter path (--data-dir).");
        }

        SocketFolder.Prepare(layout);
        // The data directory's lock is held, so a socket here is a crashed run's: nobody listens on it any more.
        File.Delete(path);
        kestrel.ListenUnixSocket(path, listen => listen.Use(next => async connection =>
        {
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket
                || await PeerSandbox.IdentifyAsync(socket, registry, connection.ConnectionClosed) is not { } session
                || session.AwaitsHandOver
                || !session.GatewayConnections.TryOpen())
            {
                connection.Abort();
                return;
            }

            connection.Features.Set(new SandboxCaller(session.SandboxId));
            try
            {
                await next(connection);
            }
            finally
            {
                session.GatewayConnections.Close();
            }
        }));
    }
}
