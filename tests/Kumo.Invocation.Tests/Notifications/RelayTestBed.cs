using System.Text;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Objects;
using Kumo.Invocation.Events;
using Kumo.Invocation.Notifications;
using Kumo.Storage.Sqlite;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Invocation.Tests.Notifications;

/// <summary>
/// The embedded storage (SQLite and files) in a temporary data directory, a bucket, functions, and a
/// <see cref="NotificationRelay"/> over them that queues through the real event invoker, recorded.
/// </summary>
internal sealed class RelayTestBed : IAsyncDisposable
{
    public const string Tenant = Tenants.Default;

    private readonly TempDirectory _data = new();
    private readonly ServiceProvider _services;

    private RelayTestBed()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKumoEmbeddedStorage(_data.Path);
        _services = services.BuildServiceProvider();
        Feed = new FlakyChangeFeed(_services.GetRequiredService<IObjectChangeFeed>());
        var options = new FunctionsOptions();
        var realInvoker = new EventInvoker(Functions, Queue, new EventSignal(), options, new PlatformRegion(options.Region, options.AccountId), TimeProvider.System);
        Invoker = new RecordingEventInvoker(realInvoker);
        var ready = new EventQueueReady();
        ready.MarkReady();
        Relay = new NotificationRelay(Invoker, Queue, Functions, ready, options, TimeProvider.System, Log, Feed, Store);
    }

    public IObjectStore Store => _services.GetRequiredService<IObjectStore>();

    public IEventQueue Queue => _services.GetRequiredService<IEventQueue>();

    public IFunctionStore Functions => _services.GetRequiredService<IFunctionStore>();

    public FlakyChangeFeed Feed { get; }

    public RecordingEventInvoker Invoker { get; }

    public RecordingLogger<NotificationRelay> Log { get; } = new();

    public NotificationRelay Relay { get; }

    /// <summary>Opens the storage, makes <paramref name="bucket"/> and the functions <paramref name="functions"/>.</summary>
    public static async Task<RelayTestBed> StartAsync(string bucket, params string[] functions)
    {
        var bed = new RelayTestBed();
        foreach (var step in bed._services.GetServices<IStartupStep>())
        {
            await step.RunAsync(CancellationToken.None);
        }

        Assert.Equal(ObjectStoreResult.Done, await bed.Store.CreateBucketAsync(new BucketInfo(Tenant, bucket, DateTimeOffset.UtcNow, "eu-west-1"), CancellationToken.None));
        foreach (var name in functions)
        {
            Assert.True(await bed.Functions.CreateAsync(
                new FunctionConfiguration
                {
                    TenantId = Tenant,
                    Name = name,
                    Runtime = "python3.12",
                    Handler = "app.handler",
                    CodeSha256 = new string('0', 64),
                    RevisionId = "r1",
                    State = FunctionState.Active,
                },
                CancellationToken.None));
        }

        return bed;
    }

    public Task ConfigureAsync(string bucket, params FunctionNotification[] functions) =>
        Store.SetBucketSettingAsync(bucket, BucketSettings.Notification, new BucketNotification { Functions = functions }.ToJson(), CancellationToken.None);

    public static FunctionNotification Notify(string id, string function, string[] events, string? prefix = null, string? suffix = null) => new()
    {
        Id = id,
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + function,
        FunctionName = function,
        Events = events,
        Prefix = prefix,
        Suffix = suffix,
    };

    public Task<ObjectInfo?> PutAsync(string bucket, string key, string body, string? traceHeader = null) =>
        Store.PutAsync(
            new ObjectWrite { Bucket = bucket, Key = key, Origin = new ObjectChangeOrigin("0123456789ABCDEF", "10.1.2.3", traceHeader) },
            new MemoryStream(Encoding.UTF8.GetBytes(body)),
            CancellationToken.None);

    public Task<IReadOnlyList<ObjectChange>> PendingChangesAsync() =>
        _services.GetRequiredService<IObjectChangeFeed>().ReadChangesAsync(1000, CancellationToken.None);

    public Task<IReadOnlyList<QueuedEvent>> QueuedEventsAsync(string function) =>
        Queue.ListAsync(new EventQuery(Tenant) { FunctionName = function, Limit = 1000 }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
