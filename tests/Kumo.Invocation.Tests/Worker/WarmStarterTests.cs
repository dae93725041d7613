using Kumo.Invocation.Placement;
using Kumo.Invocation.Worker;
using Kumo.Sandbox;

namespace Kumo.Invocation.Tests.Worker;

[Collection(SiloCollection.Name)]
public sealed class WarmStarterTests(SiloFixture silo)
{
    [Fact]
    public async Task StartAsync_PreWarm_ListsAnInitialisedIdleSandboxTheNextInvocationIsPlacedOn()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        var keepUntil = bed.Time.GetUtcNow() + TimeSpan.FromMinutes(3);

        var start = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil, CancellationToken.None);

        Assert.True(start.Started, start.Failure);
        var sandbox = Assert.Single(bed.Worker.ListSandboxes());
        Assert.Equal(start.SandboxId, sandbox.Id);
        Assert.Equal(SandboxOrigin.PreWarmed, sandbox.Origin);
        Assert.True(sandbox.IsIdle);
        Assert.Equal(keepUntil, sandbox.ExpiresAt);
        Assert.Equal(SandboxRevision.Of(bed.Function), sandbox.RevisionId);
        Assert.Equal("on-demand", sandbox.Sandbox.Spec.InitializationType);
        Assert.Equal(bed.Function.Name, sandbox.Sandbox.Spec.FunctionName);
        Assert.EndsWith(bed.Function.CodeSha256, sandbox.Sandbox.Spec.CodeDirectory, StringComparison.Ordinal);

        var placed = await bed.PlaceAsync();

        Assert.Equal(PlacementKind.Warm, placed.Kind);
        Assert.Equal(start.SandboxId, placed.SandboxId);
        Assert.Same(sandbox, bed.Worker.TryClaim(placed.SandboxId!));
        Assert.Single(bed.Driver.Created);
    }

    [Fact]
    public async Task StartAsync_Provisioned_IsMarkedProvisionedAndToldItsInitializationType()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);

        var start = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.Provisioned, keepUntil: null, CancellationToken.None);

        Assert.True(start.Started, start.Failure);
        var sandbox = Assert.Single(bed.Worker.ListSandboxes());
        Assert.True(sandbox.Provisioned);
        Assert.Equal(DateTimeOffset.MaxValue, sandbox.ExpiresAt);
        Assert.Equal(SandboxSpecs.ProvisionedConcurrency, sandbox.Sandbox.Spec.InitializationType);
        Assert.Equal(PlacementKind.Warm, (await bed.PlaceAsync()).Kind);
    }

    [Fact]
    public async Task StartAsync_FromAPoolsStem_SpecialisesItAndKeepsTheWarmStartsOrigin()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        bed.Driver.Stems = true;
        await bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);
        await bed.Worker.Pool.WhenRefilledAsync();

        var start = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.Provisioned, keepUntil: null, CancellationToken.None);

        Assert.True(start.Started, start.Failure);
        Assert.Equal(bed.Driver.StemsMade[0].Id, start.SandboxId);
        Assert.Equal(SandboxOrigin.Provisioned, bed.Worker.ListSandboxes().Single(s => s.Id == start.SandboxId).Origin);
        Assert.Equal(SandboxSpecs.ProvisionedConcurrency, bed.Driver.StemsMade[0].Sandbox!.Spec.InitializationType);
    }

    [Fact]
    public async Task StartAsync_InitialisationFails_RemovesTheSandboxAndListsNothing()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        bed.Driver.InitFailure = "Runtime.ImportModuleError: No module named 'app'";

        var start = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);

        Assert.Equal(WarmStartOutcome.InitFailed, start.Outcome);
        Assert.Contains("No module named 'app'", start.Failure, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(bed.Driver.Created).Disposals);
        Assert.Equal(0, bed.Worker.SandboxCount);
        Assert.Equal(PlacementKind.Cold, (await bed.PlaceAsync()).Kind);
    }

    [Fact]
    public async Task StartAsync_CoordinatorKnowsANewerRevision_RemovesTheSandbox()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        var stale = bed.Function;
        await bed.UpdateAsync();
        await bed.PlaceAsync();

        var start = await bed.Starter.StartAsync(stale, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);

        Assert.Equal(WarmStartOutcome.Refused, start.Outcome);
        Assert.Equal(1, Assert.Single(bed.Driver.Created).Disposals);
        Assert.Equal(0, bed.Worker.SandboxCount);
    }

    [Fact]
    public async Task StartAsync_NoRoomInTheBudget_SaysSoAndMakesNothing()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains, memoryBudgetMb: 128, memoryMb: 256);

        var start = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.Provisioned, keepUntil: null, CancellationToken.None);

        Assert.Equal(WarmStartOutcome.NoMemory, start.Outcome);
        Assert.Equal("the node's memory budget (128 MB) has no room for another 256 MB sandbox", start.Failure);
        Assert.Empty(bed.Driver.Created);
    }

    [Fact]
    public async Task StartAsync_DriverFails_SaysWhy()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        bed.Driver.FailNext = new SandboxException("runc could not start");

        var start = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);

        Assert.Equal(WarmStartOutcome.CreateFailed, start.Outcome);
        Assert.Equal("the sandbox could not be made: runc could not start", start.Failure);
        Assert.Equal(0, bed.Worker.Memory.ReservedMb);
    }

    [Fact]
    public async Task StartAsync_DriverRefusesTheSpec_IsCreateFailed()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        bed.Driver.FailNext = new ArgumentException("the runtime python3.12 is not installed on this node");

        var start = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.Provisioned, keepUntil: null, CancellationToken.None);

        Assert.Equal(WarmStartOutcome.CreateFailed, start.Outcome);
        Assert.Equal("the sandbox could not be made: the runtime python3.12 is not installed on this node", start.Failure);
        Assert.Equal(0, bed.Worker.Memory.ReservedMb);
    }

    [Fact]
    public async Task StartAsync_MemoryNeededWhileTheOfferIsOnItsWay_LeavesTheSandboxToTheCoordinator()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains, memoryBudgetMb: 128);
        var offer = GrainCallGate.Hold(bed.FunctionKey, nameof(IFunctionGrain.OfferAsync));
        var starting = bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);
        await offer.Reached;
        bed.Time.Advance(TimeSpan.FromHours(1));

        // Idle, but not yet listed: neither another function's sandbox nor the keep-alive may take it away.
        var other = await bed.Worker.CreateAsync(bed.Driver.Created[0].Spec, "default/other", "rev-other", CancellationToken.None);
        var unloaded = await bed.Worker.RemoveIdleAsync();
        offer.Open();
        var start = await starting;

        Assert.Null(other);
        Assert.Equal(0, unloaded);
        Assert.True(start.Started, start.Failure);
        Assert.Equal(0, Assert.Single(bed.Driver.Created).Disposals);
        var placed = await bed.PlaceAsync();
        Assert.Equal((PlacementKind.Warm, start.SandboxId), (placed.Kind, placed.SandboxId));
    }

    [Fact]
    public async Task StartAsync_OfferAnswerLostAfterTheCoordinatorListedIt_LeavesTheSandboxToTheInvocationThatClaimedIt()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        var offer = GrainCallGate.Hold(bed.FunctionKey, nameof(IFunctionGrain.OfferAsync), afterCall: true, thenFail: new TimeoutException("the answer was lost"));
        var starting = bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);
        await offer.Reached;

        var placed = await bed.PlaceAsync();
        var claimed = bed.Worker.TryClaim(placed.SandboxId!);
        offer.Open();
        var start = await starting;

        Assert.Equal(WarmStartOutcome.Refused, start.Outcome);
        Assert.NotNull(claimed);
        Assert.Equal(0, Assert.Single(bed.Driver.Created).Disposals);
        Assert.Same(claimed, Assert.Single(bed.Worker.ListSandboxes()));
        Assert.False(claimed.IsIdle);
        await bed.Worker.DiscardAsync(claimed);
    }

    [Fact]
    public async Task StartAsync_OfferAnswerLostAfterTheCoordinatorListedIt_RemovesTheSandboxAndItsEntry()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        var offer = GrainCallGate.Hold(bed.FunctionKey, nameof(IFunctionGrain.OfferAsync), afterCall: true, thenFail: new TimeoutException("the answer was lost"));
        var starting = bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);
        await offer.Reached;
        offer.Open();

        var start = await starting;

        Assert.Equal(WarmStartOutcome.Refused, start.Outcome);
        Assert.Equal(1, Assert.Single(bed.Driver.Created).Disposals);
        Assert.Equal(0, bed.Worker.SandboxCount);
        Assert.Equal(PlacementKind.Cold, (await bed.PlaceAsync()).Kind);
    }

    [Fact]
    public async Task StartAsync_NotAWarmStartsOrigin_IsRefused()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);

        await Assert.ThrowsAsync<ArgumentException>(
            () => bed.Starter.StartAsync(bed.Function, SandboxOrigin.Created, keepUntil: null, CancellationToken.None));
    }
}
