using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kumo.Invocation.Tests;

/// <summary>A real Orleans silo on localhost, shared by the tests that need grains, stopped at the end.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private readonly int _siloPort = FreePort();
    private IHost? _host;

    internal IGrainFactory Grains => _host?.Services.GetRequiredService<IGrainFactory>()
        ?? throw new InvalidOperationException("the silo has not started");

    public async Task InitializeAsync()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: _siloPort, gatewayPort: 0)
            .AddOutgoingGrainCallFilter(GrainCallGate.FilterAsync));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is null)
        {
            return;
        }

        await _host.StopAsync();
        _host.Dispose();

        // Left nothing behind: the silo's port is free again.
        using var listener = new TcpListener(IPAddress.Loopback, _siloPort);
        listener.Start();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
