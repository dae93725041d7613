using Kumo.Abstractions.Functions;
using Kumo.Invocation.Worker;
using Kumo.Testing;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>
/// The keep-alive on a node, end to end with a moved clock: the coordinator's decisions, the worker's unload times, the
/// loop's unloads and pre-warms (docs/design/cold-starts.md §3.1, §3.4).
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class KeepAliveLoopTests(SiloFixture silo)
{
    private static readonly DateTimeOffset Start = KeepAliveTestBed.Start;
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task AdaptivePolicy_TimerEveryTenMinutes_UnloadsAtTheEndPreWarmsBeforeTheNextRunWhichIsWarm()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo);
        var function = await bed.AddFunctionAsync(new KeepAliveConfig { Policy = KeepAlivePolicy.Adaptive });

        var warm = await LearnTimerAsync(bed, function);

        // While it learned (fewer than 10 idle times), the fixed 10 minutes kept the one sandbox for every next run.
        Assert.Equal([false, .. Enumerable.Repeat(true, 10)], warm);
        Assert.Single(bed.Driver.Created);
        // The tenth idle time (9 min 58 s, all in the histogram's bin 9) made the policy trust it. The design's worked
        // example: unloaded at the end of the run, pre-warmed at 9 · 0.9 = 8.1 minutes after it, kept until 10 · 1.1 = 11.
        var lastEnd = Start + (10 * Period) + RunTime;
        Assert.Equal(1, bed.Driver.Created[0].Disposals);
        Assert.Equal(0, bed.Worker.SandboxCount);
        Assert.True(bed.Worker.KeepAlive.TryGetPreWarm(Target(function), out var preWarmAt, out var until));
        Assert.Equal(lastEnd + TimeSpan.FromSeconds((8 * 60) + 6), preWarmAt);
        Assert.Equal(lastEnd + TimeSpan.FromMinutes(11), until);

        await bed.RunUntilAsync(preWarmAt - Tick);
        Assert.Single(bed.Driver.Created);

        await bed.RunUntilAsync(preWarmAt);
        Assert.Equal(2, bed.Driver.Created.Count);
        var preWarmed = Assert.Single(bed.Idle());
        Assert.Equal(SandboxOrigin.PreWarmed, preWarmed.Origin);
        Assert.Equal(until, preWarmed.ExpiresAt);

        await bed.RunUntilAsync(Start + (11 * Period));
        var next = await bed.BeginAsync(function);
        Assert.True(next.Warm);
        Assert.Same(preWarmed, next.Sandbox);
        await bed.RunUntilAsync(Start + (11 * Period) + RunTime);
        await bed.EndAsync(next);
        Assert.Equal(2, bed.Driver.Created.Count);
        // The same again after this run: unloaded at once, the next pre-warm planned.
        Assert.Equal(0, bed.Worker.SandboxCount);
        Assert.True(bed.Worker.KeepAlive.TryGetPreWarm(Target(function), out var nextPreWarm, out _));
        Assert.Equal(Start + (11 * Period) + RunTime + TimeSpan.FromSeconds((8 * 60) + 6), nextPreWarm);
    }

    [Fact]
    public async Task AdaptivePolicy_PreWarmedSandboxNotUsed_IsUnloadedAtTheEndOfItsWindow()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo);
        var function = await bed.AddFunctionAsync(new KeepAliveConfig { Policy = KeepAlivePolicy.Adaptive });
        await LearnTimerAsync(bed, function);
        Assert.True(bed.Worker.KeepAlive.TryGetPreWarm(Target(function), out _, out var until));

        await bed.RunUntilAsync(until - Tick);
        var preWarmed = Assert.Single(bed.Idle());
        await bed.RunUntilAsync(until);

        Assert.Empty(bed.Idle());
        Assert.Equal(0, bed.Worker.SandboxCount);
        Assert.Equal(1, bed.Driver.Created.Single(s => s.Id == preWarmed.Id).Disposals);
        Assert.False(bed.Worker.KeepAlive.TryGetPreWarm(Target(function), out _, out _));
        // The coordinator no longer lists it: the next run starts cold.
        Assert.False(await bed.InvokeAsync(function, RunTime));
    }

    [Fact]
    public async Task FixedPolicy_TimerEveryTenMinutes_KeepsOneSandboxAndUnloadsItTheIdleTimeAfterTheLastRun()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo, KeepAlivePolicy.Fixed);
        var function = await bed.AddFunctionAsync();

        var warm = await LearnTimerAsync(bed, function);
        var lastEnd = Start + (10 * Period) + RunTime;

        Assert.Equal([false, .. Enumerable.Repeat(true, 10)], warm);
        var sandbox = Assert.Single(bed.Idle());
        Assert.Equal(lastEnd + TimeSpan.FromMinutes(10), sandbox.ExpiresAt);
        Assert.False(bed.Worker.KeepAlive.TryGetPreWarm(Target(function), out _, out _));

        await bed.RunUntilAsync(lastEnd + TimeSpan.FromMinutes(10) - Tick);
        Assert.Single(bed.Idle());
        await bed.RunUntilAsync(lastEnd + TimeSpan.FromMinutes(10));

        Assert.Equal(0, bed.Worker.SandboxCount);
        Assert.Single(bed.Driver.Created);
    }

    [Fact]
    public async Task FixedPolicy_FunctionsOwnIdleTimeout_UnloadsAfterIt()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo, KeepAlivePolicy.Fixed);
        var function = await bed.AddFunctionAsync(new KeepAliveConfig { IdleTimeoutSeconds = 45 });

        await bed.InvokeAsync(function, RunTime);
        var end = Start + RunTime;

        Assert.Equal(end + TimeSpan.FromSeconds(45), Assert.Single(bed.Idle()).ExpiresAt);
        await bed.RunUntilAsync(end + TimeSpan.FromSeconds(45) - Tick);
        Assert.Single(bed.Idle());
        await bed.RunUntilAsync(end + TimeSpan.FromSeconds(45));
        Assert.Empty(bed.Idle());
    }

    [Fact]
    public async Task AdaptivePolicy_Burst_KeepsTheSandboxesBeyondTheFirstForTheFixedIdleTime()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo, KeepAlivePolicy.Adaptive);
        var function = await bed.AddFunctionAsync();
        await LearnTimerAsync(bed, function);
        var burstAt = Start + (11 * Period);
        await bed.RunUntilAsync(burstAt);

        var first = await bed.BeginAsync(function);
        var second = await bed.BeginAsync(function);
        var third = await bed.BeginAsync(function);
        await bed.RunUntilAsync(burstAt + TimeSpan.FromSeconds(1));
        var secondKept = await bed.EndAsync(second);
        await bed.RunUntilAsync(burstAt + TimeSpan.FromSeconds(2));
        var thirdKept = await bed.EndAsync(third);
        await bed.RunUntilAsync(burstAt + TimeSpan.FromSeconds(3));
        var firstKept = await bed.EndAsync(first);

        Assert.Equal([true, false, false], new[] { first.Warm, second.Warm, third.Warm });
        // The two that ended while others ran stay the fixed 10 minutes; the last one follows the policy.
        Assert.True(secondKept.Keep);
        Assert.Equal(burstAt + TimeSpan.FromSeconds(1) + TimeSpan.FromMinutes(10), second.Sandbox.ExpiresAt);
        Assert.True(thirdKept.Keep);
        Assert.Equal(burstAt + TimeSpan.FromSeconds(2) + TimeSpan.FromMinutes(10), third.Sandbox.ExpiresAt);
        Assert.False(firstKept.Keep);
        Assert.Equal(2, bed.Idle().Count);
        Assert.NotNull(firstKept.PreWarmAt);

        // At the pre-warm the most recently used of them is still loaded: it is kept for the window instead of a new one.
        var created = bed.Driver.Created.Count;
        await bed.RunUntilAsync(firstKept.PreWarmAt!.Value);
        Assert.Equal(created, bed.Driver.Created.Count);
        Assert.Equal(firstKept.PreWarmUntil, third.Sandbox.ExpiresAt);
        Assert.Equal(burstAt + TimeSpan.FromSeconds(1) + TimeSpan.FromMinutes(10), second.Sandbox.ExpiresAt);
    }

    [Fact]
    public async Task ProvisionedSandbox_IsNeverUnloaded()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo, KeepAlivePolicy.Adaptive);
        var function = await bed.AddFunctionAsync(new KeepAliveConfig { IdleTimeoutSeconds = 60 });

        var started = await bed.Starter.StartAsync(function, SandboxOrigin.Provisioned, null, CancellationToken.None);
        Assert.True(started.Started, started.Failure);
        await bed.RunUntilAsync(Start + TimeSpan.FromHours(5));
        var provisioned = Assert.Single(bed.Idle());
        Assert.Equal(DateTimeOffset.MaxValue, provisioned.ExpiresAt);
        Assert.Equal(Start + TimeSpan.FromHours(5) + KeepAliveLoop.MaxSleep, bed.Loop.NextWakeAt());

        var invocation = await bed.BeginAsync(function);
        Assert.True(invocation.Warm);
        await bed.RunUntilAsync(bed.Clock.GetUtcNow() + RunTime);
        var decision = await bed.EndAsync(invocation);
        await bed.RunUntilAsync(Start + TimeSpan.FromHours(10));

        Assert.True(decision.Keep);
        Assert.Equal(DateTimeOffset.MaxValue, decision.KeepUntil);
        Assert.Null(decision.PreWarmAt);
        Assert.Same(provisioned, Assert.Single(bed.Idle()));
        Assert.Equal(0, await bed.Worker.RemoveIdleAsync());
        Assert.Equal(0, bed.Driver.Created[0].Disposals);
    }

    [Fact]
    public async Task PreWarm_FunctionDeletedMeanwhile_StartsNothing()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo);
        var function = await bed.AddFunctionAsync();
        bed.Worker.KeepAlive.PlanPreWarm(Target(function), Start + TimeSpan.FromMinutes(1), Start + TimeSpan.FromMinutes(5));
        Assert.True(await bed.Functions.DeleteAsync(function.TenantId, function.Name, CancellationToken.None));

        await bed.RunUntilAsync(Start + TimeSpan.FromMinutes(2));

        Assert.Empty(bed.Driver.Created);
        Assert.Equal(0, bed.Worker.KeepAlive.PreWarmCount);
    }

    [Fact]
    public async Task PreWarm_ArrivalBeforeIt_CancelsIt()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo);
        var function = await bed.AddFunctionAsync();
        bed.Worker.KeepAlive.PlanPreWarm(Target(function), Start + TimeSpan.FromMinutes(5), Start + TimeSpan.FromMinutes(8));

        var invocation = await bed.BeginAsync(function);

        Assert.False(bed.Worker.KeepAlive.TryGetPreWarm(Target(function), out _, out _));
        await bed.RunUntilAsync(Start + TimeSpan.FromMinutes(6));
        await bed.EndAsync(invocation);
        Assert.Single(bed.Driver.Created);
    }

    [Fact]
    public async Task ExecuteAsync_SleepsOnTheClockAndWakesWhenSomethingFallsDueSooner()
    {
        await using var bed = await KeepAliveTestBed.StartAsync(silo);
        var function = await bed.AddFunctionAsync();
        var invocation = await bed.BeginAsync(function);
        await bed.EndAsync(invocation);

        await bed.Loop.StartAsync(CancellationToken.None);
        try
        {
            // Nothing is due for 10 minutes: it sleeps at most 30 s.
            await Poll.UntilAsync(() => bed.Clock.NextTimerAt == Start + KeepAliveLoop.MaxSleep, "the loop to sleep 30 s");

            // The idle sandbox is now due in 5 s: the loop wakes and sleeps until then.
            Assert.True(bed.Worker.KeepIdleUntil(invocation.Sandbox, invocation.Sandbox.IdlePeriod, Start + TimeSpan.FromSeconds(5)));
            await Poll.UntilAsync(() => bed.Clock.NextTimerAt == Start + TimeSpan.FromSeconds(5), "the loop to sleep until the sandbox's time");
            Assert.Equal(0, bed.Driver.Created[0].Disposals);

            bed.Clock.Advance(TimeSpan.FromSeconds(5));
            await Poll.UntilAsync(() => bed.Driver.Created[0].Disposals == 1, "the loop to unload the sandbox");
            Assert.Equal(0, bed.Worker.SandboxCount);
        }
        finally
        {
            await bed.Loop.StopAsync(CancellationToken.None);
        }

        // Stopped, it leaves no timer behind.
        Assert.Equal(0, bed.Clock.PendingTimers);
    }

    /// <summary>Runs <paramref name="function"/> as a timer every 10 minutes for 2 s, 11 times (10 idle times); returns which runs were warm.</summary>
    private static async Task<List<bool>> LearnTimerAsync(KeepAliveTestBed bed, FunctionConfiguration function)
    {
        var warm = new List<bool>();
        for (var run = 0; run <= 10; run++)
        {
            await bed.RunUntilAsync(Start + (run * Period));
            warm.Add(await bed.InvokeAsync(function, RunTime));
        }

        return warm;
    }

    private static PreWarmTarget Target(FunctionConfiguration function) => new(function.TenantId, function.Name);
}
