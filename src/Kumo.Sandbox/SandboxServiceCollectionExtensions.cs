using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Status;
using Kumo.Sandbox.Gateway;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Runtimes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Sandbox;

/// <summary>Registers the sandbox driver, and the gateway socket through which functions call Kumo's APIs.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>The key under which the host's own server stays registered once wrapped.</summary>
    private const string HostServerKey = "kumo.host-server";

    /// <summary>
    /// Adds the runc driver with its files under <c>{dataDirectory}/sandbox</c>. It is prepared as a start-up step,
    /// and disposed — every sandbox removed — when the service provider is, after in-flight requests drained.
    /// </summary>
    public static IServiceCollection AddKumoSandboxes(this IServiceCollection services, string dataDirectory, SandboxOptions? options = null)
    {
        options ??= new SandboxOptions();
        services.AddSingleton(options);
        services.AddSingleton(new SandboxLayout(dataDirectory, options.RuntimeDirectory));
        services.AddSingleton(_ => RuntimeCatalog.ForThisMachine());
        services.AddSingleton<RuncSandboxDriver>();
        services.AddSingleton<ISandboxDriver>(sp => sp.GetRequiredService<RuncSandboxDriver>());
        services.AddSingleton<ISandboxStatus>(sp => sp.GetRequiredService<RuncSandboxDriver>());
        services.AddSingleton<IStartupStep, SandboxStartup>();
        return services;
    }

    /// <summary>
    /// Serves the host's application on the gateway socket too, for the functions in sandboxes to call Kumo's own
    /// APIs through kumo-init's <c>127.0.0.1:9002</c>: wraps the server registered so far (Kestrel) in one that
    /// starts a second Kestrel on <see cref="SandboxLayout.GatewaySocket"/> with the same application, and keeps
    /// it serving through the drain until the sandboxes are gone. Call it after the web host's server is added.
    /// </summary>
    /// <exception cref="InvalidOperationException">No server is registered yet.</exception>
    public static IServiceCollection AddKumoSandboxGateway(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var server = services.LastOrDefault(d => d.ServiceType == typeof(IServer) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("no web server is registered: add Kestrel (the web host) before the sandboxes' gateway");
        services.Remove(server);
        services.Add(server.ImplementationType is { } type
            ? ServiceDescriptor.KeyedSingleton(typeof(IServer), HostServerKey, type)
            : server.ImplementationFactory is { } factory
                ? ServiceDescriptor.KeyedSingleton(typeof(IServer), HostServerKey, (provider, _) => factory(provider))
                : ServiceDescriptor.KeyedSingleton(typeof(IServer), HostServerKey, server.ImplementationInstance!));
        services.AddSingleton<IServer>(provider => new SandboxGatewayServer(
            provider.GetRequiredKeyedService<IServer>(HostServerKey),
            provider,
            provider.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
