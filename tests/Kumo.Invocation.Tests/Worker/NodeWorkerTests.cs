using Kumo.Invocation.Placement;
using Kumo.Invocation.Worker;
using Kumo.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Invocation.Tests.Worker;

[Collection(SiloCollection.Name)]
public sealed class NodeWorkerTests(SiloFixture silo) : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private readonly FakeSandboxDriver _driver = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _functionKey = $"default/fn-{Guid.NewGuid():N}";
    private NodeWorker? _worker;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
            Assert.Equal(0, _worker.SandboxCount);
        }

        // Left nothing behind: every sandbox made was disposed, and only once.
        Assert.All(_driver.Created, s => Assert.Equal(1, s.Disposals));
    }

    [Fact]
    public void TryEnter_AtMaxConcurrency_RefusesUntilASlotIsGivenBack()
    {
        var worker = Worker(maxConcurrency: 2);

        Assert.True(worker.TryEnter());
        Assert.True(worker.TryEnter());
        Assert.False(worker.TryEnter());
        Assert.False(worker.TryEnter());

        worker.Exit();

        Assert.True(worker.TryEnter());
        Assert.False(worker.TryEnter());
    }

    [Fact]
    public async Task CreateAsync_WithRoom_MakesABusySandboxOfTheFunction()
    {
        var worker = Worker(memoryBudgetMb: 1024);

        var sandbox = await Create(worker, memoryMb: 256);

        Assert.NotNull(sandbox);
        Assert.Same(_driver.Created[0], sandbox.Sandbox);
        Assert.Equal(_functionKey, sandbox.FunctionKey);
        Assert.Equal("rev-1", sandbox.RevisionId);
        Assert.Equal(256, sandbox.MemoryMb);
        Assert.Equal(_time.GetUtcNow(), sandbox.LastUsed);
        Assert.False(sandbox.IsIdle);
        Assert.Equal(1, worker.SandboxCount);
        Assert.Equal(0, worker.IdleCount);
    }

    [Fact]
    public async Task CreateAsync_BudgetFullOfBusySandboxes_ReturnsNullWithoutCallingTheDriver()
    {
        var worker = Worker(memoryBudgetMb: 256);
        await Create(worker);
        await Create(worker);

        var third = await Create(worker);

        Assert.Null(third);
        Assert.Equal(2, _driver.Created.Count);
        Assert.All(_driver.Created, s => Assert.Equal(0, s.Disposals));
        Assert.Equal(2, worker.SandboxCount);
    }

    [Fact]
    public async Task CreateAsync_LargerThanTheWholeBudget_ReturnsNull()
    {
        var worker = Worker(memoryBudgetMb: 256);

        Assert.Null(await Create(worker, memoryMb: 512));
        Assert.Empty(_driver.Created);
    }

    [Fact]
    public async Task CreateAsync_BudgetFullWithIdleSandboxes_RemovesTheLeastRecentlyUsedFirst()
    {
        var worker = Worker(memoryBudgetMb: 384);
        var a = await Create(worker);
        var b = await Create(worker);
        var c = await Create(worker);
        // Returned in the order b, a, c: b is the least recently used although a was made first.
        await ReleaseAfter(worker, b!, TimeSpan.FromSeconds(1));
        await ReleaseAfter(worker, a!, TimeSpan.FromSeconds(1));
        await ReleaseAfter(worker, c!, TimeSpan.FromSeconds(1));

        var d = await Create(worker);

        Assert.NotNull(d);
        Assert.Equal([0, 1, 0, 0], _driver.Created.Select(s => s.Disposals));
        Assert.Null(worker.TryClaim(b!.Id));

        var e = await Create(worker);

        Assert.NotNull(e);
        Assert.Equal([1, 1, 0, 0, 0], _driver.Created.Select(s => s.Disposals));
        Assert.Equal(3, worker.SandboxCount);
    }

    [Fact]
    public async Task CreateAsync_BudgetFullOfBusyAndIdle_RemovesOnlyTheIdle()
    {
        var worker = Worker(memoryBudgetMb: 256);
        var busy = await Create(worker);
        var idle = await Create(worker);
        await ReleaseAfter(worker, idle!, TimeSpan.FromSeconds(1));

        var made = await Create(worker);
        var refused = await Create(worker);

        Assert.NotNull(made);
        Assert.Null(refused);
        Assert.Equal([0, 1, 0], _driver.Created.Select(s => s.Disposals));
        Assert.False(busy!.IsIdle);
    }

    [Fact]
    public async Task CreateAsync_MakingRoom_TakesTheIdleSandboxOutOfTheCoordinatorsDirectory()
    {
        var worker = Worker(memoryBudgetMb: 128);
        var grain = silo.Grains.GetGrain<IFunctionGrain>(_functionKey);
        await grain.PlaceAsync(new PlacementRequest("rev-1", null, worker.NodeId, 1));
        var old = await Create(worker);
        await worker.ReleaseAsync(old!, keep: true);
        Assert.True((await grain.ReturnAsync(new SandboxReturn(old!.Id, "rev-1", worker.NodeId, Reusable: true))).Keep);

        var made = await Create(worker);
        var next = await grain.PlaceAsync(new PlacementRequest("rev-1", null, worker.NodeId, 1));

        Assert.NotNull(made);
        Assert.Equal(1, _driver.Created[0].Disposals);
        Assert.Equal(PlacementKind.Cold, next.Kind);
        Assert.False(await grain.RetireAsync(old.Id));
    }

    [Fact]
    public async Task CreateAsync_DriverFails_GivesItsMemoryBack()
    {
        var worker = Worker(memoryBudgetMb: 128);
        _driver.FailNext = new SandboxException("runc could not start");

        var failure = await Assert.ThrowsAsync<SandboxException>(() => Create(worker));
        var made = await Create(worker);

        Assert.Equal("runc could not start", failure.Message);
        Assert.NotNull(made);
        Assert.Equal(1, worker.SandboxCount);
    }

    [Fact]
    public async Task RemoveIdleAsync_RemovesOnlyThoseIdlePastTheTimeout()
    {
        var worker = Worker();
        var early = await Create(worker);
        var late = await Create(worker);
        await Create(worker);
        await worker.ReleaseAsync(early!, keep: true);
        _time.Advance(TimeSpan.FromMinutes(5));
        await worker.ReleaseAsync(late!, keep: true);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        var beforeTimeout = await worker.RemoveIdleAsync();
        _time.Advance(TimeSpan.FromTicks(1));
        var atTimeout = await worker.RemoveIdleAsync();

        Assert.Equal(0, beforeTimeout);
        Assert.Equal(1, atTimeout);
        Assert.Equal([1, 0, 0], _driver.Created.Select(s => s.Disposals));
        Assert.Null(worker.TryClaim(early!.Id));

        _time.Advance(TimeSpan.FromHours(1));
        var later = await worker.RemoveIdleAsync();

        // The busy one stays however long it has been running.
        Assert.Equal(1, later);
        Assert.Equal([1, 1, 0], _driver.Created.Select(s => s.Disposals));
        Assert.Equal(1, worker.SandboxCount);
        Assert.Equal(0, worker.IdleCount);
    }

    [Fact]
    public async Task RemoveIdleAsync_IdleSandbox_IsTakenOutOfTheCoordinatorsDirectory()
    {
        var worker = Worker();
        var grain = silo.Grains.GetGrain<IFunctionGrain>(_functionKey);
        await grain.PlaceAsync(new PlacementRequest("rev-1", null, worker.NodeId, 1));
        var sandbox = await Create(worker);
        await worker.ReleaseAsync(sandbox!, keep: true);
        await grain.ReturnAsync(new SandboxReturn(sandbox!.Id, "rev-1", worker.NodeId, Reusable: true));

        _time.Advance(IdleTimeout);
        var removed = await worker.RemoveIdleAsync();
        var next = await grain.PlaceAsync(new PlacementRequest("rev-1", null, worker.NodeId, 1));

        Assert.Equal(1, removed);
        Assert.Equal(PlacementKind.Cold, next.Kind);
    }

    [Fact]
    public async Task ReleaseAsync_Keep_MakesItIdleAndClaimableOnce()
    {
        var worker = Worker();
        var sandbox = await Create(worker);
        _time.Advance(TimeSpan.FromSeconds(30));

        await worker.ReleaseAsync(sandbox!, keep: true);

        Assert.True(sandbox!.IsIdle);
        Assert.Equal(_time.GetUtcNow(), sandbox.LastUsed);
        Assert.Equal(1, worker.IdleCount);
        Assert.Same(sandbox, worker.TryClaim(sandbox.Id));
        Assert.Null(worker.TryClaim(sandbox.Id));
        Assert.Equal(0, _driver.Created[0].Disposals);
    }

    [Fact]
    public async Task ReleaseAsync_KeepFalse_DisposesItAndFreesItsMemory()
    {
        var worker = Worker(memoryBudgetMb: 128);
        var sandbox = await Create(worker);

        await worker.ReleaseAsync(sandbox!, keep: false);
        var next = await Create(worker);

        Assert.Equal(1, _driver.Created[0].Disposals);
        Assert.Null(worker.TryClaim(sandbox!.Id));
        Assert.NotNull(next);
        Assert.Equal(1, worker.SandboxCount);
    }

    [Fact]
    public async Task ReleaseAsync_KeepButNoLongerReusable_DisposesIt()
    {
        var worker = Worker();
        var sandbox = await Create(worker);
        _driver.Created[0].IsReusable = false;

        await worker.ReleaseAsync(sandbox!, keep: true);

        Assert.Equal(1, _driver.Created[0].Disposals);
        Assert.Equal(0, worker.SandboxCount);
    }

    [Fact]
    public async Task TryClaim_RetiredSandbox_ReturnsNull()
    {
        var worker = Worker();
        var sandbox = await Create(worker);
        await worker.ReleaseAsync(sandbox!, keep: true);

        await worker.RemoveAsync([sandbox!.Id]);

        Assert.Null(worker.TryClaim(sandbox.Id));
        Assert.Equal(1, _driver.Created[0].Disposals);
    }

    [Fact]
    public async Task TryClaim_IdleSandboxWhoseRuntimeDied_ReturnsNullAndRemovesIt()
    {
        var worker = Worker();
        var sandbox = await Create(worker);
        await worker.ReleaseAsync(sandbox!, keep: true);
        _driver.Created[0].IsReusable = false;

        Assert.Null(worker.TryClaim(sandbox!.Id));

        await Kumo.Testing.Poll.UntilAsync(() => _driver.Created[0].Disposals == 1, "the dead sandbox's removal");
        Assert.Equal(0, worker.SandboxCount);
    }

    [Fact]
    public async Task CreateAsync_MoreMemoryThanTheWholeBudget_RefusesWithoutRemovingIdleSandboxes()
    {
        var worker = Worker(memoryBudgetMb: 1024);
        var idle = await Create(worker, memoryMb: 512);
        await worker.ReleaseAsync(idle!, keep: true);

        Assert.Null(await Create(worker, memoryMb: 2048));

        Assert.Equal(0, _driver.Created[0].Disposals);
        Assert.Same(idle, worker.TryClaim(idle!.Id));
    }

    [Fact]
    public async Task TryClaim_BusyOrUnknownSandbox_ReturnsNull()
    {
        var worker = Worker();
        var sandbox = await Create(worker);

        Assert.Null(worker.TryClaim(sandbox!.Id));
        Assert.Null(worker.TryClaim("sb-unknown"));
    }

    [Fact]
    public async Task RemoveAsync_BusySandbox_LeavesItToItsInvocation()
    {
        var worker = Worker();
        var busy = await Create(worker);

        await worker.RemoveAsync([busy!.Id, "sb-unknown"]);

        Assert.Equal(0, _driver.Created[0].Disposals);
        Assert.Equal(1, worker.SandboxCount);
    }

    [Fact]
    public async Task DisposeAsync_DisposesBusyAndIdleSandboxes()
    {
        var worker = Worker();
        await Create(worker);
        var idle = await Create(worker);
        await worker.ReleaseAsync(idle!, keep: true);

        await worker.DisposeAsync();

        Assert.Equal([1, 1], _driver.Created.Select(s => s.Disposals));
        Assert.Equal(0, worker.SandboxCount);
    }

    private NodeWorker Worker(int maxConcurrency = 1000, int memoryBudgetMb = 10240)
    {
        var options = new FunctionsOptions { MaxConcurrency = maxConcurrency, MemoryBudgetMb = memoryBudgetMb, IdleTimeout = IdleTimeout };
        _worker = new NodeWorker(_driver, silo.Grains, options, _time, NullLogger<NodeWorker>.Instance);
        return _worker;
    }

    private Task<WorkerSandbox?> Create(NodeWorker worker, int memoryMb = 128) =>
        worker.CreateAsync(
            new SandboxSpec
            {
                FunctionName = "fn",
                FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:fn",
                Runtime = "python3.12",
                Handler = "app.handler",
                CodeDirectory = "/nonexistent",
                MemoryMb = memoryMb,
            },
            _functionKey,
            "rev-1",
            CancellationToken.None);

    private async Task ReleaseAfter(NodeWorker worker, WorkerSandbox sandbox, TimeSpan wait)
    {
        _time.Advance(wait);
        await worker.ReleaseAsync(sandbox, keep: true);
    }
}
