using Kumo.Core.KeepAlive;
using Kumo.Invocation.Placement;

namespace Kumo.Invocation.Tests.Placement;

/// <summary>The coordinator's keep-alive decisions, from the times the nodes stamp (docs/design/cold-starts.md §3).</summary>
public sealed class FunctionGrainKeepAliveTests
{
    private const string Node = "node-a";
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTime = TimeSpan.FromSeconds(2);
    private static readonly KeepAliveChoice Fixed = new(false, TimeSpan.FromMinutes(10));
    private static readonly KeepAliveChoice Adaptive = new(true, TimeSpan.FromMinutes(10));

    private readonly FunctionGrain _grain = new();
    private int _sandboxes;

    [Fact]
    public async Task ReturnAsync_FixedPolicy_KeepsForTheIdleTimeFromTheEnd()
    {
        var decision = await RunAsync(Start, Fixed with { IdleTimeout = TimeSpan.FromSeconds(45) });

        Assert.True(decision.Keep);
        Assert.Equal(Start + RunTime + TimeSpan.FromSeconds(45), decision.KeepUntil);
        Assert.Null(decision.PreWarmAt);
        Assert.Null(decision.PreWarmUntil);
    }

    [Fact]
    public async Task ReturnAsync_NoChoiceInTheRequest_KeepsForTenMinutes()
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, Start));

        var decision = await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", Node, Reusable: true, Start + RunTime));

        Assert.Equal(new ReturnDecision(true, Start + RunTime + TimeSpan.FromMinutes(10)), decision);
    }

    [Fact]
    public async Task ReturnAsync_AdaptiveOnATimer_KeepsWhileLearningThenUnloadsAndPreWarms()
    {
        var decisions = new List<ReturnDecision>();
        for (var run = 0; run <= 10; run++)
        {
            decisions.Add(await RunAsync(Start + (run * Period), Adaptive));
        }

        // Runs 0–9 end with fewer than 10 idle times learned: kept for the fixed 10 minutes.
        Assert.All(decisions.Take(10), (d, run) => Assert.Equal(new ReturnDecision(true, Start + (run * Period) + RunTime + Period), d));
        // Run 10 ends at 01:40:02 with ten idle times of 9 min 58 s: unloaded at once, pre-warmed 8.1 minutes later,
        // kept until 11 minutes after the end (the design's worked example).
        var end = Start + (10 * Period) + RunTime;
        Assert.Equal(new ReturnDecision(false, end, end + TimeSpan.FromMinutes(8.1), end + TimeSpan.FromMinutes(11)), decisions[10]);
    }

    [Fact]
    public async Task ReturnAsync_SettingChangedToAdaptive_DecidesFromWhatWasLearnedUnderFixed()
    {
        for (var run = 0; run <= 10; run++)
        {
            Assert.Null((await RunAsync(Start + (run * Period), Fixed)).PreWarmAt);
        }

        var decision = await RunAsync(Start + (11 * Period), Adaptive);

        Assert.False(decision.Keep);
        Assert.Equal(Start + (11 * Period) + RunTime + TimeSpan.FromMinutes(8.1), decision.PreWarmAt);
    }

    [Fact]
    public async Task ReturnAsync_AdaptiveBurst_OnlyTheLastToEndFollowsThePolicy()
    {
        for (var run = 0; run <= 10; run++)
        {
            await RunAsync(Start + (run * Period), Adaptive);
        }

        var at = Start + (11 * Period);
        for (var i = 0; i < 3; i++)
        {
            await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at, Adaptive));
        }

        var first = await _grain.ReturnAsync(new SandboxReturn("sb-a", "r1", Node, Reusable: true, at + TimeSpan.FromSeconds(1)));
        var second = await _grain.ReturnAsync(new SandboxReturn("sb-b", "r1", Node, Reusable: true, at + TimeSpan.FromSeconds(2)));
        var last = await _grain.ReturnAsync(new SandboxReturn("sb-c", "r1", Node, Reusable: true, at + TimeSpan.FromSeconds(3)));

        Assert.Equal(new ReturnDecision(true, at + TimeSpan.FromSeconds(1) + Period), first);
        Assert.Equal(new ReturnDecision(true, at + TimeSpan.FromSeconds(2) + Period), second);
        Assert.False(last.Keep);
        Assert.Equal(at + TimeSpan.FromSeconds(3) + TimeSpan.FromMinutes(8.1), last.PreWarmAt);
        // The two kept are listed, most recent first; the unloaded one is not.
        Assert.Equal("sb-b", (await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at + Period, Adaptive))).SandboxId);
        Assert.Equal("sb-a", (await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at + Period, Adaptive))).SandboxId);
        Assert.Equal(PlacementKind.Cold, (await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at + Period, Adaptive))).Kind);
    }

    [Fact]
    public async Task ReturnAsync_ProvisionedSandbox_IsKeptWithoutEndAndNothingIsPreWarmed()
    {
        for (var run = 0; run <= 10; run++)
        {
            await RunAsync(Start + (run * Period), Adaptive);
        }

        var at = Start + (11 * Period);
        Assert.True(await _grain.OfferAsync(new IdleSandbox("sb-p", "r1", Node, Provisioned: true), 1));
        Assert.Equal("sb-p", (await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at, Adaptive))).SandboxId);

        var decision = await _grain.ReturnAsync(new SandboxReturn("sb-p", "r1", Node, Reusable: true, at + RunTime, Provisioned: true));

        Assert.Equal(new ReturnDecision(true, DateTimeOffset.MaxValue), decision);
        Assert.Equal("sb-p", (await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at + Period, Adaptive))).SandboxId);
    }

    [Fact]
    public async Task ReturnAsync_ArrivalNotSeenByThisActivation_KeepsForTheFixedIdleTime()
    {
        // As after the coordinator was collected and made afresh while an invocation ran.
        await _grain.OfferAsync(new IdleSandbox("sb-0", "r1", Node), 1);

        var decision = await _grain.ReturnAsync(new SandboxReturn("sb-1", "r1", Node, Reusable: true, Start));

        Assert.Equal(new ReturnDecision(true, Start + TimeSpan.FromMinutes(10)), decision);
    }

    [Fact]
    public async Task ReturnAsync_AdaptiveWithPlatformParameters_UsesThem()
    {
        var grain = new FunctionGrain(new FunctionsOptions { KeepAliveHybrid = new HybridHistogramOptions { MinSamples = 2 } });
        DateTimeOffset end = default;
        ReturnDecision decision = ReturnDecision.Discard;
        for (var run = 0; run <= 2; run++)
        {
            var at = Start + (run * Period);
            await grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at, Adaptive));
            end = at + RunTime;
            decision = await grain.ReturnAsync(new SandboxReturn($"sb-{run}", "r1", Node, Reusable: true, end));
        }

        Assert.Equal(end + TimeSpan.FromMinutes(8.1), decision.PreWarmAt);
    }

    /// <summary>One invocation of revision r1 at <paramref name="at"/> for 2 s on a sandbox of its own.</summary>
    private async Task<ReturnDecision> RunAsync(DateTimeOffset at, KeepAliveChoice choice)
    {
        await _grain.PlaceAsync(new PlacementRequest("r1", null, Node, 1, at, choice));
        return await _grain.ReturnAsync(new SandboxReturn($"sb-{++_sandboxes}", "r1", Node, Reusable: true, at + RunTime));
    }
}
