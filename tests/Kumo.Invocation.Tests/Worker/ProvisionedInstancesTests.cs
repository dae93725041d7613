using Kumo.Abstractions.Functions;
using Kumo.Invocation.Placement;
using Kumo.Invocation.Worker;
using Kumo.Testing;
using Orleans.Core.Internal;

namespace Kumo.Invocation.Tests.Worker;

[Collection(SiloCollection.Name)]
public sealed class ProvisionedInstancesTests(SiloFixture silo)
{
    private const string Latest = "$LATEST";

    [Fact]
    public async Task Reconcile_AfterPut_IsReadyOnlyOnceEverySandboxIsInitialised()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        bed.Driver.HoldInit = true;
        await PutAsync(bed, 2);

        var reconcile = bed.Provisioned.ReconcileAsync(CancellationToken.None);
        await Poll.UntilAsync(() => bed.Driver.Created.Count == 1, "the first provisioned sandbox");
        var first = await SettingAsync(bed);

        Assert.Equal((ProvisionedConcurrencyStatus.InProgress, 1, 0), (first.Status, first.Allocated, first.Available));

        bed.Driver.Created[0].InitGate!.SetResult(null);
        await Poll.UntilAsync(() => bed.Driver.Created.Count == 2, "the second provisioned sandbox");
        var second = await SettingAsync(bed);

        Assert.Equal((ProvisionedConcurrencyStatus.InProgress, 2, 1), (second.Status, second.Allocated, second.Available));

        bed.Driver.Created[1].InitGate!.SetResult(null);
        await reconcile;
        var ready = await SettingAsync(bed);

        Assert.Equal((ProvisionedConcurrencyStatus.Ready, 2, 2, null), (ready.Status, ready.Allocated, ready.Available, ready.StatusReason));
        Assert.All(bed.Worker.ListSandboxes(), s => Assert.True(s is { Provisioned: true, IsIdle: true }));
    }

    [Fact]
    public async Task Reconcile_ProvisionedInstancesExistBeforeTheFirstInvocation_WhichCreatesNothing()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        await PutAsync(bed, 1);

        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var placed = await bed.PlaceAsync();
        var sandbox = bed.Worker.TryClaim(placed.SandboxId!);

        Assert.Equal(PlacementKind.Warm, placed.Kind);
        Assert.NotNull(sandbox);
        Assert.True(sandbox.Provisioned);
        Assert.Single(bed.Driver.Created);

        // Back after its invocation: listed again, and still the only one.
        bed.Worker.MarkIdle(sandbox);
        var returned = await bed.Coordinator.ReturnAsync(
            new SandboxReturn(sandbox.Id, sandbox.RevisionId, bed.Worker.NodeId, Reusable: true, bed.Time.GetUtcNow(), Provisioned: true));
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        Assert.True(returned.Keep);
        Assert.Single(bed.Driver.Created);
        Assert.Equal(PlacementKind.Warm, (await bed.PlaceAsync()).Kind);
    }

    [Fact]
    public async Task Reconcile_CoordinatorCollected_ListsTheSandboxAgainAndTheNextInvocationIsWarmOnIt()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        await PutAsync(bed, 1);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var sandbox = Assert.Single(bed.Worker.ListSandboxes());

        // Orleans collects the coordinator after a while without calls; the next activation knows no sandbox.
        await bed.Coordinator.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var placed = await bed.PlaceAsync();

        Assert.Equal((PlacementKind.Warm, sandbox.Id), (placed.Kind, placed.SandboxId));
        Assert.Same(sandbox, bed.Worker.TryClaim(placed.SandboxId!));
        Assert.Single(bed.Driver.Created);

        // Back after its invocation and offered again by the next pass: listed once, not twice.
        bed.Worker.MarkIdle(sandbox);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        await bed.Coordinator.ReturnAsync(
            new SandboxReturn(sandbox.Id, sandbox.RevisionId, bed.Worker.NodeId, Reusable: true, bed.Time.GetUtcNow(), Provisioned: true));

        Assert.Equal(PlacementKind.Warm, (await bed.PlaceAsync()).Kind);
        Assert.Equal(PlacementKind.Cold, (await bed.PlaceAsync()).Kind);
        Assert.Equal(ProvisionedConcurrencyStatus.Ready, (await SettingAsync(bed)).Status);
    }

    [Fact]
    public async Task Reconcile_UnexpectedFailureOfOneSetting_FailsItAndReconcilesTheOthers()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        var other = await bed.AddFunctionAsync();
        await PutAsync(bed, 1);
        await bed.Settings.PutAsync(WarmTestBed.Tenant, other.Name, Latest, 1, bed.Time.GetUtcNow(), CancellationToken.None);
        bed.Driver.FailNext = new InvalidOperationException("the driver lost its state directory");

        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var settings = new[] { await SettingAsync(bed), await SettingAsync(bed, other.Name) };

        var failed = Assert.Single(settings, s => s.Status == ProvisionedConcurrencyStatus.Failed);
        Assert.Equal("the provisioned sandboxes could not be made: the driver lost its state directory", failed.StatusReason);
        Assert.Single(settings, s => s.Status == ProvisionedConcurrencyStatus.Ready);
        Assert.Single(bed.Worker.ListSandboxes());

        // Tried again at the next pass.
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        Assert.Equal(ProvisionedConcurrencyStatus.Ready, (await SettingAsync(bed, failed.FunctionName)).Status);
        Assert.Equal(2, bed.Worker.SandboxCount);
    }

    [Fact]
    public async Task Reconcile_SettingDeleted_RemovesItsSandboxes()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        await PutAsync(bed, 2);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        Assert.True(await bed.Settings.DeleteAsync(WarmTestBed.Tenant, bed.Function.Name, Latest, CancellationToken.None));
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        Assert.Equal(0, bed.Worker.SandboxCount);
        Assert.All(bed.Driver.Created, s => Assert.Equal(1, s.Disposals));
        Assert.Equal(PlacementKind.Cold, (await bed.PlaceAsync()).Kind);
    }

    [Fact]
    public async Task Reconcile_FewerRequested_RemovesTheSurplus()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        await PutAsync(bed, 3);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        await PutAsync(bed, 1);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var setting = await SettingAsync(bed);

        Assert.Equal(1, bed.Worker.SandboxCount);
        Assert.Equal(2, bed.Driver.Created.Count(s => s.Disposals == 1));
        Assert.Equal((ProvisionedConcurrencyStatus.Ready, 1, 1), (setting.Status, setting.Allocated, setting.Available));
    }

    [Fact]
    public async Task Reconcile_DeadSandbox_IsReplaced()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        await PutAsync(bed, 2);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        bed.Driver.Created[0].IsReusable = false;
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var setting = await SettingAsync(bed);

        Assert.Equal(1, bed.Driver.Created[0].Disposals);
        Assert.Equal(3, bed.Driver.Created.Count);
        Assert.Equal(2, bed.Worker.SandboxCount);
        Assert.Equal((ProvisionedConcurrencyStatus.Ready, 2, 2), (setting.Status, setting.Allocated, setting.Available));
    }

    [Fact]
    public async Task Reconcile_FunctionChanged_ReplacesTheSandboxesWithTheNewRevision()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        await PutAsync(bed, 1);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        await bed.UpdateAsync();
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var placed = await bed.PlaceAsync();

        Assert.Equal(1, bed.Driver.Created[0].Disposals);
        Assert.Equal(PlacementKind.Warm, placed.Kind);
        Assert.Equal(bed.Driver.Created[1].Id, placed.SandboxId);
        Assert.Equal("CHANGED", Assert.Single(bed.Driver.Created[1].Spec.Environment).Key);
        Assert.Equal(ProvisionedConcurrencyStatus.Ready, (await SettingAsync(bed)).Status);
    }

    [Fact]
    public async Task Reconcile_InitialisationFails_IsFailedWithTheReasonAndNotRetriedUntilPutAgain()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        bed.Driver.InitFailure = "Runtime.ImportModuleError: No module named 'app'";
        await PutAsync(bed, 2);

        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var failed = await SettingAsync(bed);

        Assert.Equal(ProvisionedConcurrencyStatus.Failed, failed.Status);
        Assert.Contains("No module named 'app'", failed.StatusReason, StringComparison.Ordinal);
        Assert.Equal((0, 0), (failed.Allocated, failed.Available));
        Assert.Single(bed.Driver.Created);

        bed.Driver.InitFailure = null;
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        await PutAsync(bed, 2);
        await bed.Provisioned.ReconcileAsync(CancellationToken.None);

        Assert.Equal(ProvisionedConcurrencyStatus.Ready, (await SettingAsync(bed)).Status);
    }

    [Fact]
    public async Task Reconcile_MoreThanTheBudgetHolds_IsFailedSayingHowManyFit()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains, memoryBudgetMb: 256);
        await PutAsync(bed, 3);

        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var setting = await SettingAsync(bed);

        Assert.Equal(ProvisionedConcurrencyStatus.Failed, setting.Status);
        Assert.Equal("the node's memory budget (256 MB) has no room for another 128 MB sandbox: 2 of 3 provisioned sandboxes fit", setting.StatusReason);
        Assert.Equal((2, 2), (setting.Allocated, setting.Available));
        Assert.Equal(2, bed.Driver.Created.Count);
    }

    [Fact]
    public async Task Reconcile_ProvisionedSandboxes_TakeRoomFromIdleOnesButNeverGiveItUp()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains, memoryBudgetMb: 256);
        var idle = await bed.Starter.StartAsync(bed.Function, SandboxOrigin.PreWarmed, keepUntil: null, CancellationToken.None);
        await PutAsync(bed, 2);

        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var refused = await bed.Worker.CreateAsync(
            bed.Driver.Created[0].Spec, bed.FunctionKey, SandboxRevision.Of(bed.Function), CancellationToken.None);

        Assert.True(idle.Started);
        Assert.Equal(1, bed.Driver.Created[0].Disposals);
        Assert.Null(refused);
        Assert.Equal(2, bed.Worker.ListSandboxes().Count(s => s is { Provisioned: true, IsIdle: true }));
    }

    [Fact]
    public async Task Reconcile_QualifierOtherThanLatest_IsFailedWithTheReason()
    {
        await using var bed = await WarmTestBed.StartAsync(silo.Grains);
        await bed.Settings.PutAsync(WarmTestBed.Tenant, bed.Function.Name, "1", 1, bed.Time.GetUtcNow(), CancellationToken.None);

        await bed.Provisioned.ReconcileAsync(CancellationToken.None);
        var setting = await bed.Settings.GetAsync(WarmTestBed.Tenant, bed.Function.Name, "1", CancellationToken.None);

        Assert.Equal(ProvisionedConcurrencyStatus.Failed, setting!.Status);
        Assert.Equal("versions are not published yet: only $LATEST can be provisioned; put the setting on $LATEST", setting.StatusReason);
        Assert.Empty(bed.Driver.Created);
    }

    private static Task<ProvisionedConcurrencyConfig> PutAsync(WarmTestBed bed, int requested) =>
        bed.Settings.PutAsync(WarmTestBed.Tenant, bed.Function.Name, Latest, requested, bed.Time.GetUtcNow(), CancellationToken.None);

    private static async Task<ProvisionedConcurrencyConfig> SettingAsync(WarmTestBed bed, string? function = null) =>
        await bed.Settings.GetAsync(WarmTestBed.Tenant, function ?? bed.Function.Name, Latest, CancellationToken.None)
            ?? throw new InvalidOperationException("the setting is gone");
}
