using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Status;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Runtimes;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Sandbox;

/// <summary>Registers the sandbox driver.</summary>
public static class SandboxServiceCollectionExtensions
{
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
}
