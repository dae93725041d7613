using Kumo.Sandbox.Runc;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kumo.Sandbox.Gateway;

/// <summary>
/// The host's server, with a second Kestrel server beside it on the gateway socket that runs the very same
/// application (the same pipeline, services and middleware) for the functions in sandboxes.
/// </summary>
/// <remarks>
/// The second server outlives the first one's stop: while the server drains, functions still running can call
/// S3 and the other APIs, as their invocations are allowed to finish. It stops when the server's services are
/// disposed, after every sandbox is gone: the sandbox driver is first asked for here, when the server starts,
/// after this object was made, and a service provider disposes what it made in the reverse order.
/// </remarks>
internal sealed class SandboxGatewayServer(IServer server, IServiceProvider services, ILoggerFactory loggerFactory) : IServer
{
    private KestrelServer? _gateway;

    public IFeatureCollection Features => server.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        await server.StartAsync(application, cancellationToken);
        var layout = services.GetRequiredService<SandboxLayout>();
        var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = services };
        SandboxGatewayListener.Listen(options, layout, services.GetRequiredService<RuncSandboxDriver>().Registry);
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory);
        _gateway = new KestrelServer(Options.Create(options), transport, loggerFactory);
        await _gateway.StartAsync(application, cancellationToken);
        SocketFolder.OpenToSandboxes(layout.GatewaySocket);
    }

    /// <summary>Stops the host's own server; the gateway socket keeps serving the sandboxes until disposal.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    /// <summary>Stops the gateway socket (Kestrel removes its file); the host's server is disposed by its own registration.</summary>
    public void Dispose() => _gateway?.Dispose();
}
