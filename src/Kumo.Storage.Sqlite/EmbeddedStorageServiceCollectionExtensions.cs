using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Objects;
using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Events;
using Kumo.Storage.Sqlite.Functions;
using Kumo.Storage.Sqlite.Http;
using Kumo.Storage.Sqlite.Invocations;
using Kumo.Storage.Sqlite.Objects;
using Kumo.Storage.Sqlite.Packages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Kumo.Storage.Sqlite;

/// <summary>Registers Kumo's embedded storage.</summary>
public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded storage: metadata, functions and their provisioned concurrency settings, invocation records,
    /// logs, the asynchronous event queue and functions' asynchronous invocation configurations, buckets and object descriptions in SQLite at
    /// <c>{dataDirectory}/metadata.db</c>, code packages as files under <c>{dataDirectory}/packages</c>, object bodies as
    /// files under <c>{dataDirectory}/objects</c>.
    /// </summary>
    public static IServiceCollection AddKumoEmbeddedStorage(this IServiceCollection services, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new SqliteDatabase(dataDirectory));
        services.AddSingleton<IMetadataStore, SqliteMetadataStore>();
        services.AddSingleton<IFunctionStore, SqliteFunctionStore>();
        services.AddSingleton<IProvisionedConcurrencyStore, SqliteProvisionedConcurrencyStore>();
        services.AddSingleton<IInvocationStore, SqliteInvocationStore>();
        services.AddSingleton<IEventQueue, SqliteEventQueue>();
        services.AddSingleton<IEventInvokeConfigStore, SqliteEventInvokeConfigStore>();
        services.AddSingleton<IIdempotencyStore, SqliteIdempotencyStore>();
        services.AddSingleton<IFunctionUrlStore, SqliteFunctionUrlStore>();
        services.AddSingleton<IRouteStore, SqliteRouteStore>();
        services.AddSingleton<IHttpAppStore, SqliteHttpAppStore>();
        services.AddSingleton<ICodePackageStore>(sp =>
            new FileCodePackageStore(dataDirectory, sp.GetRequiredService<ILogger<FileCodePackageStore>>()));
        services.AddSingleton(sp => new SqliteObjectStore(
            sp.GetRequiredService<SqliteDatabase>(),
            dataDirectory,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SqliteObjectStore>>()));
        services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<SqliteObjectStore>());
        services.AddSingleton<IObjectChangeFeed>(sp => sp.GetRequiredService<SqliteObjectStore>());
        services.AddSingleton<IMultipartStore>(sp => sp.GetRequiredService<SqliteObjectStore>());
        services.AddSingleton<IStartupStep, EmbeddedStorageStartup>();
        return services;
    }
}
