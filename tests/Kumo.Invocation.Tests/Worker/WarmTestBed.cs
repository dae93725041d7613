using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Storage;
using Kumo.Core.Packages;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Events;
using Kumo.Invocation.Placement;
using Kumo.Invocation.Worker;
using Kumo.Sandbox.Code;
using Kumo.Storage.Sqlite;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>
/// The embedded storage (SQLite and files) in a temporary data directory with one stored function and its code
/// package, a worker over the fake driver, and the warm starter and provisioned instances over them: everything real
/// but the sandboxes.
/// </summary>
internal sealed class WarmTestBed : IAsyncDisposable
{
    public const string Tenant = Tenants.Default;

    private readonly TempDirectory _data = new();
    private readonly ServiceProvider _services;

    private WarmTestBed(IGrainFactory grains, int memoryBudgetMb)
    {
        Grains = grains;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKumoEmbeddedStorage(_data.Path);
        _services = services.BuildServiceProvider();
        var options = new FunctionsOptions { MemoryBudgetMb = memoryBudgetMb };
        Worker = new NodeWorker(Driver, grains, options, Time, NullLogger<NodeWorker>.Instance, new FakeHostMemory());
        var specs = new SandboxSpecs(
            new CodeCache(_data.Path, new PackageLimits()), Packages, new PlatformRegion(options.Region, options.AccountId));
        Starter = new WarmStarter(Worker, specs, grains, options, Time, NullLogger<WarmStarter>.Instance);
        var ready = new EventQueueReady();
        ready.MarkReady();
        Provisioned = new ProvisionedInstances(_services, grains, Functions, Worker, Starter, ready, Time, NullLogger<ProvisionedInstances>.Instance);
    }

    public IGrainFactory Grains { get; }

    public FakeSandboxDriver Driver { get; } = new();

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public NodeWorker Worker { get; }

    public WarmStarter Starter { get; }

    public ProvisionedInstances Provisioned { get; }

    public IFunctionStore Functions => _services.GetRequiredService<IFunctionStore>();

    public IProvisionedConcurrencyStore Settings => _services.GetRequiredService<IProvisionedConcurrencyStore>();

    public ICodePackageStore Packages => _services.GetRequiredService<ICodePackageStore>();

    /// <summary>The stored function (a new name per bed, so each has a coordinator of its own).</summary>
    public FunctionConfiguration Function { get; private set; } = null!;

    public string FunctionKey => FunctionKeys.Of(Tenant, Function.Name);

    public IFunctionGrain Coordinator => Grains.GetGrain<IFunctionGrain>(FunctionKey);

    /// <summary>Opens the storage and stores a function of <paramref name="memoryMb"/> with a small package.</summary>
    public static async Task<WarmTestBed> StartAsync(IGrainFactory grains, int memoryBudgetMb = 10240, int memoryMb = 128)
    {
        var bed = new WarmTestBed(grains, memoryBudgetMb);
        foreach (var step in bed._services.GetServices<IStartupStep>())
        {
            await step.RunAsync(CancellationToken.None);
        }

        bed.Function = await bed.AddFunctionAsync(memoryMb);
        return bed;
    }

    /// <summary>Stores another function of <paramref name="memoryMb"/> with a small package (a new name each time).</summary>
    public async Task<FunctionConfiguration> AddFunctionAsync(int memoryMb = 128)
    {
        var package = await Packages.PutAsync(Zips.Make(("app.py", "def handler(event, context):\n    return 1\n", Zips.File(0b110_100_100))), CancellationToken.None);
        var function = new FunctionConfiguration
        {
            TenantId = Tenant,
            Name = $"fn-{Guid.NewGuid():N}",
            Runtime = "python3.12",
            Handler = "app.handler",
            MemoryMb = memoryMb,
            CodeSha256 = package.Sha256,
            CodeSize = package.Size,
            RevisionId = "r1",
            State = FunctionState.Active,
            LastUpdateStatus = LastUpdateStatus.Successful,
            LastModified = Time.GetUtcNow(),
        };
        Assert.True(await Functions.CreateAsync(function, CancellationToken.None));
        return function;
    }

    /// <summary>Changes the function's environment (a new revision) in the store.</summary>
    public async Task UpdateAsync()
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        var updated = Function with
        {
            Environment = new Dictionary<string, string> { ["CHANGED"] = Time.GetUtcNow().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RevisionId = Guid.NewGuid().ToString(),
            LastModified = Time.GetUtcNow(),
        };
        Assert.True(await Functions.UpdateAsync(updated, Function.RevisionId, CancellationToken.None));
        Function = updated;
    }

    /// <summary>Where the coordinator places an invocation of the function's current revision from this node.</summary>
    public Task<PlacementDecision> PlaceAsync() =>
        Coordinator.PlaceAsync(new PlacementRequest(SandboxRevision.Of(Function), null, Worker.NodeId, Function.LastModified.UtcTicks, Time.GetUtcNow()));

    public async ValueTask DisposeAsync()
    {
        Provisioned.Dispose();
        await Worker.DisposeAsync();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();

        // Left nothing behind: every sandbox made went once.
        Assert.Equal(0, Worker.SandboxCount);
        Assert.All(Driver.Created, s => Assert.Equal(1, s.Disposals));
    }
}
