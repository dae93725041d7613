using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Storage;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Placement;
using Kumo.Invocation.Worker;
using Kumo.Sandbox.Code;
using Kumo.Storage.Sqlite;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>
/// A node's keep-alive over real parts with a moved clock: the silo's function coordinators, the worker, its
/// <see cref="KeepAliveLoop"/> and <see cref="WarmStarter"/>, functions and code in the embedded storage (SQLite and
/// files in a temporary data directory), and fake sandboxes. Invocations take the invoker's steps (place, claim or
/// make a sandbox, hand it back), and time moves only by <see cref="RunUntilAsync"/>, which runs the loop at each time
/// it has something due.
/// </summary>
internal sealed class KeepAliveTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();
    private readonly ServiceProvider _services;
    private readonly SandboxSpecs _specs;

    private KeepAliveTestBed(IGrainFactory grains, FunctionsOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKumoEmbeddedStorage(_data.Path);
        _services = services.BuildServiceProvider();
        Grains = grains;
        Options = options;
        Worker = new NodeWorker(Driver, grains, options, Clock, NullLogger<NodeWorker>.Instance);
        _specs = new SandboxSpecs(
            new CodeCache(_data.Combine("code"), options.Packages), Packages, new PlatformRegion(options.Region, options.AccountId));
        Starter = new WarmStarter(Worker, _specs, grains, options, Clock, NullLogger<WarmStarter>.Instance);
        Loop = new KeepAliveLoop(Worker, Functions, Starter, Clock, NullLogger<KeepAliveLoop>.Instance);
    }

    public KeepAliveClock Clock { get; } = new(Start);

    public FakeSandboxDriver Driver { get; } = new();

    public IGrainFactory Grains { get; }

    public FunctionsOptions Options { get; }

    public NodeWorker Worker { get; }

    public WarmStarter Starter { get; }

    public KeepAliveLoop Loop { get; }

    public IFunctionStore Functions => _services.GetRequiredService<IFunctionStore>();

    private ICodePackageStore Packages => _services.GetRequiredService<ICodePackageStore>();

    /// <summary>A bed whose platform keeps idle sandboxes by <paramref name="policy"/>, for 10 minutes under the fixed one.</summary>
    public static async Task<KeepAliveTestBed> StartAsync(SiloFixture silo, KeepAlivePolicy policy = KeepAlivePolicy.Fixed)
    {
        var options = new FunctionsOptions
        {
            IdleTimeout = TimeSpan.FromMinutes(10),
            KeepAlive = policy,
            MemoryBudgetMb = 10240,
            Prewarm = new PrewarmOptions { Enabled = false },
        };
        var bed = new KeepAliveTestBed(silo.Grains, options);
        foreach (var step in bed._services.GetServices<IStartupStep>())
        {
            await step.RunAsync(CancellationToken.None);
        }

        return bed;
    }

    /// <summary>Stores an active function (with a code package) of a name no other test uses.</summary>
    public async Task<FunctionConfiguration> AddFunctionAsync(KeepAliveConfig? keepAlive = null)
    {
        using var zip = Zips.Make(("app.py", "def handler(event, context):\n    return 'ok'\n", Zips.RegularFile | Convert.ToInt32("644", 8)));
        var package = await Packages.PutAsync(zip, CancellationToken.None);
        var function = new FunctionConfiguration
        {
            TenantId = Tenants.Default,
            Name = $"fn-{Guid.NewGuid():N}"[..20],
            Runtime = "python3.12",
            Handler = "app.handler",
            CodeSha256 = package.Sha256,
            CodeSize = package.Size,
            State = FunctionState.Active,
            LastUpdateStatus = LastUpdateStatus.Successful,
            RevisionId = "r1",
            LastModified = Clock.GetUtcNow(),
            KeepAlive = keepAlive ?? KeepAliveConfig.Platform,
        };
        Assert.True(await Functions.CreateAsync(function, CancellationToken.None));
        return function;
    }

    /// <summary>Starts an invocation now, as the invoker does: placed by the coordinator, on a warm sandbox or a new one.</summary>
    public async Task<KeepAliveInvocation> BeginAsync(FunctionConfiguration function)
    {
        var grain = Grains.GetGrain<IFunctionGrain>(FunctionKeys.Of(function.TenantId, function.Name));
        var revision = SandboxRevision.Of(function);
        var placed = await grain.PlaceAsync(new PlacementRequest(
            revision, function.ReservedConcurrency, Worker.NodeId, function.LastModified.UtcTicks, Clock.GetUtcNow(), KeepAliveChoice.Of(function, Options)));
        Assert.NotEqual(PlacementKind.Throttled, placed.Kind);
        Worker.KeepAlive.CancelPreWarm(new PreWarmTarget(function.TenantId, function.Name));
        var sandbox = placed.SandboxId is { } warm ? Worker.TryClaim(warm) : null;
        var wasWarm = sandbox is not null;
        sandbox ??= await Worker.CreateAsync(
            await _specs.ForAsync(function, SandboxOrigin.Created, CancellationToken.None),
            FunctionKeys.Of(function.TenantId, function.Name),
            revision,
            CancellationToken.None);
        Assert.NotNull(sandbox);
        return new KeepAliveInvocation(function, sandbox, wasWarm);
    }

    /// <summary>Ends an invocation now, as the invoker does: its sandbox goes back to the coordinator, whose decision the worker carries out.</summary>
    public Task<ReturnDecision> EndAsync(KeepAliveInvocation invocation)
    {
        var function = invocation.Function;
        return Worker.HandBackAsync(
            Grains.GetGrain<IFunctionGrain>(FunctionKeys.Of(function.TenantId, function.Name)),
            invocation.Sandbox,
            SandboxRevision.Of(function),
            new PreWarmTarget(function.TenantId, function.Name),
            KeepAliveChoice.Of(function, Options).IdleTimeout);
    }

    /// <summary>Runs one invocation that starts now and takes <paramref name="runFor"/>; returns whether it found a warm sandbox.</summary>
    public async Task<bool> InvokeAsync(FunctionConfiguration function, TimeSpan runFor)
    {
        var invocation = await BeginAsync(function);
        await RunUntilAsync(Clock.GetUtcNow() + runFor);
        await EndAsync(invocation);
        return invocation.Warm;
    }

    /// <summary>Moves the clock to <paramref name="until"/>, stopping at each time the loop would wake to run what is due then.</summary>
    public async Task RunUntilAsync(DateTimeOffset until)
    {
        for (var passes = 0; Loop.NextWakeAt() is var next && next <= until; passes++)
        {
            Assert.True(passes < 100_000, $"the keep-alive loop kept waking at {next:O}");
            Clock.AdvanceTo(next);
            await Loop.RunDueAsync(CancellationToken.None);
        }

        Clock.AdvanceTo(until);
    }

    /// <summary>The sandboxes of the node that are idle now.</summary>
    public IReadOnlyList<WorkerSandbox> Idle() => [.. Worker.ListSandboxes().Where(s => s.IsIdle)];

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        // Left nothing behind: every sandbox made was removed, and only once.
        Assert.Equal(0, Worker.SandboxCount);
        Assert.All(Driver.Created, s => Assert.Equal(1, s.Disposals));
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
