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
        AddRecords(services);
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

    /// <summary>
    /// The write-behind recorder, and the store registered so far wrapped so that its reads wait for what the recorder
    /// has queued. The recorder's writer is the first hosted service here, so the host stops it after the rest
    /// (after <see cref="InvocationDrain"/>'s invocations are recorded): it stores everything queued, then ends.
    /// </summary>
    private static void AddRecords(IServiceCollection services)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            if (services[i].ServiceType == typeof(IInvocationStore) && !services[i].IsKeyedService)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException("AddKumoInvocation needs an invocation store: add the storage (AddKumoEmbeddedStorage) first.");
        }

        var backend = services[index];
        const string key = InvocationRecorder.StoreKey;
        services[index] = ServiceDescriptor.Singleton<IInvocationStore>(sp =>
            new CommittedInvocationStore(sp.GetRequiredKeyedService<IInvocationStore>(key), sp.GetRequiredService<RecordQueue>()));
        services.Add(backend switch
        {
            { ImplementationInstance: { } instance } => ServiceDescriptor.KeyedSingleton(typeof(IInvocationStore), key, instance),
            { ImplementationFactory: { } factory } => new ServiceDescriptor(typeof(IInvocationStore), key, (sp, _) => factory(sp), backend.Lifetime),
            _ => new ServiceDescriptor(typeof(IInvocationStore), key, backend.ImplementationType!, backend.Lifetime),
        });
        services.AddSingleton(_ => new RecordQueue());
        services.AddSingleton<InvocationRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<InvocationRecorder>());
    }
}
