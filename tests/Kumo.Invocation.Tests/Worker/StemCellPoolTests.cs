using Kumo.Abstractions.Status;
using Kumo.Invocation.Worker;
using Kumo.Sandbox;
using Kumo.Sandbox.Stems;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>The node's stem-cell pools as the worker uses them: takes, misses, refills, memory, eviction, shutdown.</summary>
[Collection(SiloCollection.Name)]
public sealed class StemCellPoolTests(SiloFixture silo) : IAsyncLifetime
{
    private static readonly StemCellKind Python128 = new("python3.12", 128);

    private readonly FakeSandboxDriver _driver = new() { Stems = true };
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeHostMemory _host = new();
    private readonly string _functionKey = $"default/fn-{Guid.NewGuid():N}";
    private NodeWorker? _worker;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
            Assert.Equal(0, _worker.SandboxCount);
            Assert.Equal(0, _worker.Memory.ReservedMb);
            Assert.Equal(0, _worker.Pool.StemMemoryMb);
        }

        // Left nothing behind: every sandbox and every stem went once, and no stem was specialised twice.
        Assert.All(_driver.Created, s => Assert.Equal(1, s.Disposals));
        Assert.All(_driver.StemsMade, s => Assert.True(s.Gone, $"{s.Id} was left behind or removed twice"));
        Assert.All(_driver.StemsMade, s => Assert.InRange(s.Specializations, 0, 1));
    }

    [Fact]
    public async Task AcquireAsync_EmptyPool_CreatesASandboxAndTheStemStartsInTheBackground()
    {
        var worker = Worker();
        _driver.HoldStems = true;

        var sandbox = await Acquire(worker);

        // The request did not wait for the stem: it is still starting.
        Assert.Equal(SandboxOrigin.Created, sandbox!.Origin);
        Assert.Same(_driver.Created[0], sandbox.Sandbox);
        await Poll.UntilAsync(() => _driver.StemsMade.Count == 1, "the refill to start a stem");
        Assert.Equal([new PoolDescription("python3.12/128MB", 0, 1, 1)], worker.Pool.DescribePools());

        _driver.StemsMade[0].MakeReady();
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal([new PoolDescription("python3.12/128MB", 1, 0, 1)], worker.Pool.DescribePools());
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task AcquireAsync_ReadyStem_IsSpecialisedInsteadOfCreating_AndThePoolRefills()
    {
        var worker = Worker();
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        var stem = Assert.Single(_driver.StemsMade);

        var sandbox = await Acquire(worker, function: "other");

        Assert.Equal(SandboxOrigin.Stem, sandbox!.Origin);
        Assert.Equal(stem.Id, sandbox.Id);
        Assert.Same(stem.Sandbox, sandbox.Sandbox);
        Assert.Equal("other", sandbox.Sandbox.Spec.FunctionName);
        Assert.Equal(1, stem.Specializations);
        Assert.Single(_driver.Created);

        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(2, _driver.StemsMade.Count);
        Assert.True(_driver.StemsMade[1].IsAvailable);
        Assert.Equal([new PoolDescription("python3.12/128MB", 1, 0, 1)], worker.Pool.DescribePools());
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task AcquireAsync_StemsMemory_PassesToTheSandboxNotReservedTwice()
    {
        var worker = Worker(memoryBudgetMb: 640, share: 0.2);
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        Assert.Equal(256, worker.Memory.ReservedMb);

        var fromStem = await Acquire(worker);

        Assert.Equal(SandboxOrigin.Stem, fromStem!.Origin);
        Assert.Equal(128, fromStem.MemoryMb);
        await worker.Pool.WhenRefilledAsync();
        Assert.Equal(384, worker.Memory.ReservedMb);
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task SpecialisedSandbox_IsNeverReturnedToAPool()
    {
        var worker = Worker();
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        var fromStem = await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        var first = _driver.StemsMade[0];

        // Idle and warm for its function, then removed: it goes nowhere near the pool.
        await worker.ReleaseAsync(fromStem!, keep: true);
        var next = await Acquire(worker, function: "other");
        await worker.DiscardAsync(fromStem!);
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(_driver.StemsMade[1].Id, next!.Id);
        Assert.Equal(1, first.Specializations);
        Assert.False(first.IsAvailable);
        Assert.Equal(1, first.Sandbox!.Disposals);
        Assert.Equal(3, _driver.StemsMade.Count);
        Assert.Equal(1, worker.Pool.DescribePools().Single().Ready);
        AssertMemoryAccounted(worker);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.25, 2)]
    [InlineData(0.5, 3)]
    [InlineData(1.0, 3)]
    public async Task Refill_HighDemand_FillsToTheTargetWithinTheMemoryShare(double share, int expectedReady)
    {
        // 100 demands at once: λ = 100·ln2/60 s, 2 s ahead → 2.31 → a target of 3 stems of 128 MB.
        var worker = Worker(memoryBudgetMb: 1024, share: share);

        await DemandAsync(worker, 100);

        Assert.Equal([new PoolDescription("python3.12/128MB", expectedReady, 0, expectedReady)], worker.Pool.DescribePools());
        Assert.True(worker.Pool.StemMemoryMb <= 1024 * share, $"{worker.Pool.StemMemoryMb} MB of stems is more than {share:P0} of 1024 MB");
        Assert.Equal(expectedReady * 128, worker.Memory.ReservedMb);
    }

    [Fact]
    public async Task Refill_BudgetTakenByBusySandboxes_StartsOnlyWhatFits()
    {
        var worker = Worker(memoryBudgetMb: 512, share: 1.0);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await worker.CreateAsync(Spec(), _functionKey, "rev-1", CancellationToken.None));
        }

        await DemandAsync(worker, 100);

        Assert.Equal([new PoolDescription("python3.12/128MB", 1, 0, 1)], worker.Pool.DescribePools());
        Assert.Equal(512, worker.Memory.ReservedMb);
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task ReserveMemory_UnderPressure_RemovesSurplusStemsThenIdleSandboxesThenStems()
    {
        var worker = Worker(memoryBudgetMb: 640, share: 0.4);
        var idle = await worker.CreateAsync(Spec(), _functionKey, "rev-1", CancellationToken.None);
        await worker.ReleaseAsync(idle!, keep: true);
        await DemandAsync(worker, 100);
        Assert.NotNull(await worker.CreateAsync(Spec(), _functionKey, "rev-1", CancellationToken.None));
        Assert.Equal(2, worker.Pool.DescribePools().Single().Ready);
        // Five minutes on, demand has decayed to the floor of one stem: the other is surplus.
        _time.Advance(TimeSpan.FromMinutes(5));

        var first = await Acquire(worker, runtime: "nodejs20.x", memoryMb: 256);

        Assert.NotNull(first);
        Assert.Equal(["stem-1"], _driver.Removals);
        Assert.True(idle!.IsIdle);

        var second = await Acquire(worker, runtime: "nodejs20.x", memoryMb: 256);

        Assert.NotNull(second);
        Assert.Equal(["stem-1", idle.Id, "stem-2"], _driver.Removals);
        Assert.Equal(640, worker.Memory.ReservedMb);
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task ReserveMemory_UnderPressure_NeverRemovesAProvisionedSandbox()
    {
        var worker = Worker(memoryBudgetMb: 256);
        _driver.Stems = false;
        var provisioned = await worker.AcquireAsync(Spec(), _functionKey, "rev-1", SandboxOrigin.Provisioned, CancellationToken.None);
        worker.MarkIdle(provisioned!);

        var refused = await Acquire(worker, memoryMb: 256);

        Assert.Null(refused);
        Assert.True(provisioned!.Provisioned);
        Assert.True(provisioned.IsIdle);
        Assert.Equal(0, _driver.Created[0].Disposals);
    }

    [Fact]
    public async Task DeadStem_IsDroppedAndReplaced()
    {
        var worker = Worker();
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        _driver.StemsMade[0].Die();

        var sandbox = await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();

        // The dead stem was not specialised: the request made a sandbox, and a new stem took its place.
        Assert.Equal(SandboxOrigin.Created, sandbox!.Origin);
        Assert.Equal(0, _driver.StemsMade[0].Specializations);
        Assert.Equal(1, _driver.StemsMade[0].Disposals);
        Assert.Equal(2, _driver.Created.Count);
        Assert.True(_driver.StemsMade[1].IsAvailable);

        _driver.StemsMade[1].Die();
        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(1, _driver.StemsMade[1].Disposals);
        Assert.True(_driver.StemsMade[2].IsAvailable);
        Assert.Equal(1, worker.Pool.DescribePools().Single().Ready);
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task AcquireAsync_SpecialisationFails_FallsBackToANewSandboxAndDropsTheStem()
    {
        var worker = Worker();
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        _driver.StemsMade[0].FailSpecialization = new SandboxException("could not mount the code");

        var sandbox = await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(SandboxOrigin.Created, sandbox!.Origin);
        Assert.Equal(2, _driver.Created.Count);
        Assert.False(_driver.StemsMade[0].IsAvailable);
        Assert.Equal(1, _driver.StemsMade[0].Specializations);
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task AcquireAsync_SpecialisationFails_TheStemIsRemovedOffTheRequestPath()
    {
        var worker = Worker();
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        var stem = _driver.StemsMade[0];
        stem.FailSpecialization = new InvalidOperationException("the bootstrap closed the hand-over socket");
        stem.DisposeGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // Its removal (a runc kill) takes its time: the request does not wait for it.
            var acquire = Acquire(worker);
            await Poll.UntilAsync(() => acquire.IsCompleted, "the request to go on while the failed stem is still being removed");

            Assert.Equal(SandboxOrigin.Created, (await acquire)!.Origin);
            Assert.Equal(0, stem.Disposals);
        }
        finally
        {
            stem.DisposeGate.SetResult();
        }

        await worker.Pool.WhenDroppedAsync();
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(1, stem.Disposals);
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task AcquireAsync_KindFailsToSpecialiseThreeTimesInARow_IsLeftAloneForTheBackoff()
    {
        var worker = Worker();
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        _driver.FailSpecializations = new SandboxException("could not mount the code");
        for (var i = 0; i < StemCellPool.SpecializeFailuresBeforeBackoff; i++)
        {
            Assert.Equal(SandboxOrigin.Created, (await Acquire(worker))!.Origin);
            await worker.Pool.WhenRefilledAsync();
        }

        Assert.Equal(3, _driver.StemsMade.Sum(s => s.Specializations));
        var made = _driver.StemsMade.Count;

        // Blocked: the request creates at once, no stem is tried or made.
        var meanwhile = await Acquire(worker);
        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(SandboxOrigin.Created, meanwhile!.Origin);
        Assert.Equal(3, _driver.StemsMade.Sum(s => s.Specializations));
        Assert.Equal(made, _driver.StemsMade.Count);

        // After the backoff, stems are used again.
        _driver.FailSpecializations = null;
        _time.Advance(new PrewarmOptions().FailureBackoff);
        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();
        var after = await Acquire(worker);

        Assert.Equal(SandboxOrigin.Stem, after!.Origin);
        await worker.Pool.WhenRefilledAsync();
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task Maintain_SurplusStems_GoOnlyAfterTheGraceMinute()
    {
        var worker = Worker(share: 1.0);
        await DemandAsync(worker, 100);
        Assert.Equal(3, worker.Pool.DescribePools().Single().Ready);
        _time.Advance(TimeSpan.FromMinutes(10));

        await worker.Pool.MaintainAsync();
        _time.Advance(TimeSpan.FromSeconds(59));
        await worker.Pool.MaintainAsync();

        Assert.Empty(_driver.Removals);

        _time.Advance(TimeSpan.FromSeconds(1));
        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();

        // Oldest first, down to the floor of one while the kind was used within half an hour.
        Assert.Equal(["stem-1", "stem-2"], _driver.Removals);
        Assert.Equal([new PoolDescription("python3.12/128MB", 1, 0, 1)], worker.Pool.DescribePools());
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task Maintain_KindUnusedForHalfAnHour_EmptiesItsPool()
    {
        var worker = Worker();
        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();

        _time.Advance(TimeSpan.FromMinutes(30));
        await worker.Pool.MaintainAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        await worker.Pool.MaintainAsync();

        Assert.Equal(["stem-1"], _driver.Removals);
        Assert.Equal([new PoolDescription("python3.12/128MB", 0, 0, 0)], worker.Pool.DescribePools());
    }

    [Fact]
    public async Task Refill_HostBelowLowWater_StartsNothingAndShrinksToTheFloor()
    {
        var worker = Worker(share: 1.0);
        _host.Available = 100;

        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();

        Assert.Empty(_driver.StemsMade);
        Assert.Equal([new PoolDescription("python3.12/128MB", 0, 0, 0)], worker.Pool.DescribePools());

        _host.Available = 8192;
        await DemandAsync(worker, 100);
        Assert.Equal(3, worker.Pool.DescribePools().Single().Ready);

        _host.Available = 100;
        await worker.Pool.MaintainAsync();

        Assert.Equal(["stem-1", "stem-2"], _driver.Removals);
        Assert.Equal([new PoolDescription("python3.12/128MB", 1, 0, 1)], worker.Pool.DescribePools());
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task Refill_StemFailsToStart_WaitsBeforeTheNextTry()
    {
        var worker = Worker();
        _driver.FailNextStem = new SandboxException("runc could not start");

        await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();
        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();

        Assert.Empty(_driver.StemsMade);
        Assert.Equal(0, worker.Pool.StemMemoryMb);

        _time.Advance(TimeSpan.FromSeconds(10));
        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();

        Assert.True(Assert.Single(_driver.StemsMade).IsAvailable);
        AssertMemoryAccounted(worker);
    }

    [Fact]
    public async Task DeclaredKind_IsFilledBeforeAnyDemand()
    {
        var worker = Worker(kinds: [Python128]);

        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal([new PoolDescription("python3.12/128MB", 1, 0, 1)], worker.Pool.DescribePools());
    }

    [Fact]
    public async Task PoolsOff_EveryColdStartCreates()
    {
        var worker = Worker(enabled: false);

        var sandbox = await Acquire(worker);
        await worker.Pool.MaintainAsync();
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(SandboxOrigin.Created, sandbox!.Origin);
        Assert.Equal(0, _driver.StemQuestions);
        Assert.Empty(_driver.StemsMade);
        Assert.Empty(worker.Pool.DescribePools());
    }

    [Fact]
    public async Task AcquireAsync_DriverWithoutStems_CreatesAndKeepsNoPool()
    {
        var worker = Worker();
        _driver.Stems = false;

        var sandbox = await Acquire(worker);
        await worker.Pool.WhenRefilledAsync();

        Assert.Equal(SandboxOrigin.Created, sandbox!.Origin);
        Assert.Empty(worker.Pool.DescribePools());
    }

    [Fact]
    public async Task DisposeAsync_RemovesReadyAndStartingStems()
    {
        var worker = Worker(share: 1.0);
        await DemandAsync(worker, 100);
        _driver.HoldStems = true;
        await Acquire(worker);
        await Poll.UntilAsync(() => _driver.StemsMade.Count == 4, "a stem to start");

        await worker.DisposeAsync();

        Assert.All(_driver.StemsMade, s => Assert.True(s.Gone, $"{s.Id} was left behind"));
        Assert.Equal(0, worker.Memory.ReservedMb);
    }

    private NodeWorker Worker(
        int memoryBudgetMb = 10240, double share = 0.2, bool enabled = true, IReadOnlyList<StemCellKind>? kinds = null)
    {
        var options = new FunctionsOptions
        {
            MemoryBudgetMb = memoryBudgetMb,
            Prewarm = new PrewarmOptions { Enabled = enabled, MemoryShareOfBudget = share, Kinds = kinds ?? [] },
        };
        _worker = new NodeWorker(_driver, silo.Grains, options, _time, NullLogger<NodeWorker>.Instance, _host);
        return _worker;
    }

    private static SandboxSpec Spec(string function = "fn", string runtime = "python3.12", int memoryMb = 128) => new()
    {
        FunctionName = function,
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + function,
        Runtime = runtime,
        Handler = "app.handler",
        CodeDirectory = "/nonexistent",
        MemoryMb = memoryMb,
    };

    private Task<WorkerSandbox?> Acquire(NodeWorker worker, string function = "fn", string runtime = "python3.12", int memoryMb = 128) =>
        worker.AcquireAsync(Spec(function, runtime, memoryMb), _functionKey, "rev-1", SandboxOrigin.Created, CancellationToken.None);

    /// <summary>
    /// Counts <paramref name="count"/> cold starts of python3.12/128MB that find the pool empty (its first stem held
    /// starting meanwhile), then lets the pool fill to its target.
    /// </summary>
    private async Task DemandAsync(NodeWorker worker, int count)
    {
        _driver.HoldStems = true;
        for (var i = 0; i < count; i++)
        {
            var stem = worker.Pool.TryTake(Python128);
            Assert.Null(stem);
        }

        await Poll.UntilAsync(() => _driver.StemsMade.Count > 0, "the refill to start a stem");
        _driver.HoldStems = false;
        foreach (var stem in _driver.StemsMade)
        {
            stem.MakeReady();
        }

        await worker.Pool.WhenRefilledAsync();
    }

    /// <summary>The node's budget holds exactly its sandboxes and its stems.</summary>
    private static void AssertMemoryAccounted(NodeWorker worker) =>
        Assert.Equal(worker.ListSandboxes().Sum(s => s.MemoryMb) + worker.Pool.StemMemoryMb, worker.Memory.ReservedMb);
}
