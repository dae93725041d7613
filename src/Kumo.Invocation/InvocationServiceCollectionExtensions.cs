using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Status;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Events;
using Kumo.Invocation.Notifications;
using Kumo.Invocation.Records;
using Kumo.Invocation.Worker;
using Kumo.Sandbox.Code;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kumo.Invocation;

/// <summary>Registers functions at run time: catalog, invoker, worker and records.</summary>
public static class InvocationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the function catalog (<see cref="IFunctionCatalog"/>) and the invoker (<see cref="IInvoker"/>) with this
    /// node's worker, and the same invoker for streamed answers (<see cref="IStreamingInvoker"/>). Needs an Orleans silo (for the per-function coordinators), the sandbox driver and storage.
    /// </summary>
    public static IServiceCollection AddKumoInvocation(this IServiceCollection services, string dataDirectory, FunctionsOptions? options = null)
    {
        options ??= new FunctionsOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new PlatformRegion(options.Region, options.AccountId));
        services.AddSingleton(options.Packages);
        services.AddSingleton(new CodeCache(dataDirectory, options.Packages));
        services.AddSingleton<PackageIntake>();
        services.AddSingleton<FunctionActivation>();
        services.AddSingleton<NodeWorker>();
        services.AddSingleton<InvocationRecorder>();
        services.AddSingleton<IFunctionCatalog, FunctionCatalog>();
        services.AddSingleton<Invoker>();
        services.AddSingleton<IInvoker, IdempotentInvoker>();
        services.AddSingleton<IStreamingInvoker>(sp => sp.GetRequiredService<Invoker>());
        services.AddSingleton<IStartupStep, FunctionsStartup>();
        services.AddHostedService<KeepAliveLoop>();
        services.AddSingleton<IHostMemory, ProcMemInfo>();
        services.AddSingleton<IPoolStatus>(sp => sp.GetRequiredService<NodeWorker>().Pool);
        services.AddHostedService<StemCellPoolLoop>();
        services.AddSingleton<SandboxSpecs>();
        services.AddSingleton<WarmStarter>();
        services.AddSingleton<ProvisionedInstances>();
        services.AddSingleton<IProvisionedConcurrencySignal>(sp => sp.GetRequiredService<ProvisionedInstances>());
        services.AddHostedService(sp => sp.GetRequiredService<ProvisionedInstances>());
        services.AddHostedService<InvocationDrain>();
        services.AddSingleton<EventSignal>();
        services.AddSingleton<EventQueueReady>();
        services.AddSingleton<IEventInvoker, EventInvoker>();
        services.AddSingleton<IEventInvokeConfigs, EventInvokeConfigs>();
        services.AddHostedService<EventDispatcher>();
        services.AddSingleton<NotificationRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationRelay>());
        services.AddSingleton<RecordRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordRetention>());
        return services;
    }
}
