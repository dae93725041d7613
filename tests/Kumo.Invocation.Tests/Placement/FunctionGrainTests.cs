using Kumo.Invocation.Placement;

namespace Kumo.Invocation.Tests.Placement;

public sealed class FunctionGrainTests
{
    private const string NodeA = "node-a";
    private const string NodeB = "node-b";

    private readonly FunctionGrain _grain = new();

    [Fact]
    public async Task PlaceAsync_FirstInvocation_IsColdWithNothingStale()
    {
        var decision = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.Equal(PlacementKind.Cold, decision.Kind);
        Assert.Null(decision.SandboxId);
        Assert.Empty(decision.Stale);
    }

    [Fact]
    public async Task PlaceAsync_AfterReusableReturn_IsWarmOnThatSandbox()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        Assert.True((await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true))).Keep);

        var decision = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.Equal(new PlacementDecision(PlacementKind.Warm, "sb-1", decision.Stale), decision);
        Assert.Empty(decision.Stale);
    }

    [Fact]
    public async Task PlaceAsync_WarmSandbox_IsHandedOutOnlyOnce()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));

        var first = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        var second = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.Equal(PlacementKind.Warm, first.Kind);
        Assert.Equal(PlacementKind.Cold, second.Kind);
    }

    [Fact]
    public async Task PlaceAsync_AtReservedConcurrency_IsThrottledUntilAReturn()
    {
        var first = await _grain.PlaceAsync(new PlacementRequest("r1", 1, NodeA, 1));
        var second = await _grain.PlaceAsync(new PlacementRequest("r1", 1, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));
        var third = await _grain.PlaceAsync(new PlacementRequest("r1", 1, NodeA, 1));

        Assert.Equal(PlacementKind.Cold, first.Kind);
        Assert.Equal(PlacementKind.Throttled, second.Kind);
        Assert.Null(second.SandboxId);
        Assert.Equal(PlacementKind.Warm, third.Kind);
        Assert.Equal("sb-1", third.SandboxId);
    }

    [Fact]
    public async Task PlaceAsync_ThrottledPlacement_DoesNotCountAsRunning()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", 2, NodeA, 1));
        await _grain.PlaceAsync(new PlacementRequest("r1", 2, NodeA, 1));
        var throttled = await _grain.PlaceAsync(new PlacementRequest("r1", 2, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn(null, "r1", NodeA, Reusable: false));

        var admitted = await _grain.PlaceAsync(new PlacementRequest("r1", 2, NodeA, 1));
        var throttledAgain = await _grain.PlaceAsync(new PlacementRequest("r1", 2, NodeA, 1));

        Assert.Equal(PlacementKind.Throttled, throttled.Kind);
        Assert.Equal(PlacementKind.Cold, admitted.Kind);
        Assert.Equal(PlacementKind.Throttled, throttledAgain.Kind);
    }

    [Fact]
    public async Task PlaceAsync_WithoutReservedConcurrency_IsNeverThrottled()
    {
        var kinds = new List<PlacementKind>();
        for (var i = 0; i < 50; i++)
        {
            kinds.Add((await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1))).Kind);
        }

        Assert.All(kinds, k => Assert.Equal(PlacementKind.Cold, k));
    }

    [Fact]
    public async Task PlaceAsync_NewRevision_ReturnsOldIdleSandboxesAsStaleAndStartsCold()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeB, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));
        await _grain.ReturnAsync(new SandboxReturn("sb-2", "r1", NodeB, Reusable: true));

        var decision = await _grain.PlaceAsync(new PlacementRequest("r2", null, NodeA, 2));

        Assert.Equal(PlacementKind.Cold, decision.Kind);
        Assert.Null(decision.SandboxId);
        Assert.Equal([new IdleSandbox("sb-1", "r1", NodeA), new IdleSandbox("sb-2", "r1", NodeB)], decision.Stale);
    }

    [Fact]
    public async Task PlaceAsync_AfterStaleWereReported_DoesNotReportOrHandThemOutAgain()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));
        await _grain.PlaceAsync(new PlacementRequest("r2", null, NodeA, 2));

        var next = await _grain.PlaceAsync(new PlacementRequest("r2", null, NodeA, 2));

        Assert.Equal(PlacementKind.Cold, next.Kind);
        Assert.Empty(next.Stale);
    }

    [Fact]
    public async Task PlaceAsync_ThrottledOnANewRevision_StillReportsTheStale()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));

        var decision = await _grain.PlaceAsync(new PlacementRequest("r2", 1, NodeA, 2));

        Assert.Equal(PlacementKind.Throttled, decision.Kind);
        Assert.Equal([new IdleSandbox("sb-1", "r1", NodeA)], decision.Stale);
    }

    [Fact]
    public async Task ReturnAsync_OfAnOldRevision_IsNotKept()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.PlaceAsync(new PlacementRequest("r2", null, NodeA, 2));

        var keep = (await _grain.ReturnAsync(new SandboxReturn("sb-old", "r1", NodeA, Reusable: true))).Keep;
        var next = await _grain.PlaceAsync(new PlacementRequest("r2", null, NodeA, 2));

        Assert.False(keep);
        Assert.Equal(PlacementKind.Cold, next.Kind);
    }

    [Fact]
    public async Task PlaceAsync_OlderRevisionAfterANewerOne_NeitherDisplacesItNorGetsItsSandboxes()
    {
        await _grain.PlaceAsync(new PlacementRequest("r2", null, NodeA, 2));
        await _grain.ReturnAsync(new SandboxReturn("sb-new", "r2", NodeA, Reusable: true));

        var late = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        var keepLate = (await _grain.ReturnAsync(new SandboxReturn("sb-late", "r1", NodeA, Reusable: true))).Keep;
        var next = await _grain.PlaceAsync(new PlacementRequest("r2", null, NodeA, 2));

        Assert.Equal(new PlacementDecision(PlacementKind.Cold, null, late.Stale), late);
        Assert.Empty(late.Stale);
        Assert.False(keepLate);
        Assert.Equal(new PlacementDecision(PlacementKind.Warm, "sb-new", next.Stale), next);
    }

    [Fact]
    public async Task ReturnAsync_NotReusable_IsNotKeptNorHandedOut()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        var keep = (await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: false))).Keep;
        var next = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.False(keep);
        Assert.Equal(PlacementKind.Cold, next.Kind);
    }

    [Fact]
    public async Task ReturnAsync_WithoutSandbox_IsNotKept()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.False((await _grain.ReturnAsync(new SandboxReturn(null, "r1", NodeA, Reusable: true))).Keep);
    }

    [Fact]
    public async Task RetireAsync_IdleSandbox_RemovesItFromTheDirectory()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));

        var retired = await _grain.RetireAsync("sb-1");
        var retiredAgain = await _grain.RetireAsync("sb-1");
        var next = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.True(retired);
        Assert.False(retiredAgain);
        Assert.Equal(PlacementKind.Cold, next.Kind);
    }

    [Fact]
    public async Task RetireAsync_UnknownOrBusySandbox_IsFalse()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.False(await _grain.RetireAsync("sb-1"));
        Assert.False(await _grain.RetireAsync("nobody"));
    }

    [Fact]
    public async Task ForgetAsync_ReturnsEveryIdleSandboxAndEmptiesTheDirectory()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeB, 1));
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));
        await _grain.ReturnAsync(new SandboxReturn("sb-2", "r1", NodeB, Reusable: true));
        await _grain.ReturnAsync(new SandboxReturn("sb-3", "r1", NodeA, Reusable: false));

        var forgotten = await _grain.ForgetAsync();
        var next = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.Equal(["sb-1", "sb-2"], forgotten);
        Assert.Equal(PlacementKind.Cold, next.Kind);
        Assert.Empty(next.Stale);
        Assert.Empty(await _grain.ForgetAsync());
    }

    [Fact]
    public async Task PlaceAsync_IdleSandboxesOnSeveralNodes_PrefersTheCallersNode()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeB, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-a", "r1", NodeA, Reusable: true));
        await _grain.ReturnAsync(new SandboxReturn("sb-b", "r1", NodeB, Reusable: true));

        var onA = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        var onB = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeB, 1));

        Assert.Equal("sb-a", onA.SandboxId);
        Assert.Equal("sb-b", onB.SandboxId);
    }

    [Fact]
    public async Task PlaceAsync_NoIdleSandboxOnTheCallersNode_TakesOneFromAnotherNode()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeB, 1));
        await _grain.ReturnAsync(new SandboxReturn("sb-b", "r1", NodeB, Reusable: true));

        var decision = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.Equal(new PlacementDecision(PlacementKind.Warm, "sb-b", decision.Stale), decision);
    }

    [Fact]
    public async Task PlaceAsync_SeveralIdle_HandsOutTheMostRecentlyReturnedFirst()
    {
        for (var i = 0; i < 3; i++)
        {
            await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        }

        await _grain.ReturnAsync(new SandboxReturn("sb-2", "r1", NodeA, Reusable: true));
        await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", NodeA, Reusable: true));
        await _grain.ReturnAsync(new SandboxReturn("sb-3", "r1", NodeA, Reusable: true));

        var order = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            order.Add((await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1))).SandboxId);
        }

        Assert.Equal(["sb-3", "sb-1", "sb-2"], order);
    }

    [Fact]
    public async Task OfferAsync_SandboxListedAlready_IsTrueAndListsItOnce()
    {
        Assert.True(await _grain.OfferAsync(new IdleSandbox("sb-p", "r1", NodeA, Provisioned: true), 1));
        Assert.True(await _grain.OfferAsync(new IdleSandbox("sb-p", "r1", NodeA, Provisioned: true), 1));

        var first = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        var second = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.Equal((PlacementKind.Warm, "sb-p"), (first.Kind, first.SandboxId));
        Assert.Equal(PlacementKind.Cold, second.Kind);
    }

    [Fact]
    public async Task ReturnAsync_OfferedAgainWhileItRan_IsListedOnce()
    {
        await _grain.OfferAsync(new IdleSandbox("sb-p", "r1", NodeA, Provisioned: true), 1);
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        // The node's reconcile pass saw it idle just before the invocation claimed it.
        await _grain.OfferAsync(new IdleSandbox("sb-p", "r1", NodeA, Provisioned: true), 1);

        var returned = await _grain.ReturnAsync(new SandboxReturn("sb-p", "r1", NodeA, Reusable: true, Provisioned: true));
        var first = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        var second = await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));

        Assert.True(returned.Keep);
        Assert.Equal((PlacementKind.Warm, "sb-p"), (first.Kind, first.SandboxId));
        Assert.Equal(PlacementKind.Cold, second.Kind);
    }

    [Fact]
    public async Task ReturnAsync_NotKeptAfterAnOfferWhileItRan_TakesTheEntryOut()
    {
        await _grain.OfferAsync(new IdleSandbox("sb-p", "r1", NodeA, Provisioned: true), 1);
        await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1));
        await _grain.OfferAsync(new IdleSandbox("sb-p", "r1", NodeA, Provisioned: true), 1);

        var returned = await _grain.ReturnAsync(new SandboxReturn("sb-p", "r1", NodeA, Reusable: false, Provisioned: true));

        Assert.False(returned.Keep);
        Assert.Equal(PlacementKind.Cold, (await _grain.PlaceAsync(new PlacementRequest("r1", null, NodeA, 1))).Kind);
    }
}
