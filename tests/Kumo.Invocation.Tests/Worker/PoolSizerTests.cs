using Kumo.Invocation.Worker;

namespace Kumo.Invocation.Tests.Worker;

public sealed class PoolSizerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PrewarmOptions Options = new();

    [Fact]
    public void Target_NoDemandYet_IsZero()
    {
        var sizer = new PoolSizer(Options);

        Assert.Equal(0, sizer.Target(T0));
        Assert.Equal(0, sizer.Floor(T0));
        Assert.Equal(0, sizer.DemandRate(T0));
    }

    [Fact]
    public void Target_DeclaredKind_KeepsOneWithoutDemand()
    {
        var sizer = new PoolSizer(Options, declared: true);

        Assert.Equal(1, sizer.Target(T0));
        Assert.Equal(1, sizer.Target(T0 + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void DemandRate_HalvesEveryHalfLife()
    {
        var sizer = new PoolSizer(Options);
        sizer.RecordDemand(T0);
        sizer.RecordDemand(T0);

        // Two demands decayed: a count of 2 → 1 → 0.5; the rate is count·ln2/60 s.
        Assert.Equal(2 * Math.Log(2) / 60, sizer.DemandRate(T0), 12);
        Assert.Equal(1 * Math.Log(2) / 60, sizer.DemandRate(T0 + TimeSpan.FromSeconds(60)), 12);
        Assert.Equal(0.5 * Math.Log(2) / 60, sizer.DemandRate(T0 + TimeSpan.FromSeconds(120)), 12);
    }

    [Fact]
    public void Target_OneColdStart_IsTheFloorOfOneForHalfAnHour()
    {
        var sizer = new PoolSizer(Options);
        sizer.RecordDemand(T0);

        // λ·(R+H) = ln2/60 · 2 s ≈ 0.023: less than one stem, but the kind is in use.
        Assert.Equal(1, sizer.Target(T0));
        Assert.Equal(1, sizer.Target(T0 + TimeSpan.FromMinutes(30) - TimeSpan.FromTicks(1)));
        Assert.Equal(0, sizer.Target(T0 + TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Target_RisesWithABurstAndDecaysToTheFloor()
    {
        var sizer = new PoolSizer(Options);
        sizer.RecordStart(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 120; i++)
        {
            sizer.RecordDemand(T0);
        }

        // λ = 120·ln2/60 = 1.386/s; window R+H = 1 s + 2 s; expected 4.159 → 5 stems. Each half-life halves it:
        // 2.079 → 3, 1.040 → 2, 0.520 → 1; after 30 minutes the floor is 0 and the decayed demand is no demand.
        Assert.Equal(5, sizer.Target(T0));
        Assert.Equal(3, sizer.Target(T0 + TimeSpan.FromSeconds(60)));
        Assert.Equal(2, sizer.Target(T0 + TimeSpan.FromSeconds(120)));
        Assert.Equal(1, sizer.Target(T0 + TimeSpan.FromSeconds(180)));
        Assert.Equal(1, sizer.Target(T0 + TimeSpan.FromMinutes(29)));
        Assert.Equal(0, sizer.Target(T0 + TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Target_HugeDemand_IsClampedToMaxPerKind()
    {
        var sizer = new PoolSizer(new PrewarmOptions { MaxPerKind = 3 });
        for (var i = 0; i < 10_000; i++)
        {
            sizer.RecordDemand(T0);
        }

        Assert.Equal(3, sizer.Target(T0));
    }

    [Fact]
    public void Target_SlowerStems_AskForMoreAhead()
    {
        var fast = new PoolSizer(Options);
        var slow = new PoolSizer(Options);
        slow.RecordStart(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 60; i++)
        {
            fast.RecordDemand(T0);
            slow.RecordDemand(T0);
        }

        // λ = 60·ln2/60 = 0.693/s: 2 s ahead → 1.39 → 2; 12 s ahead → 8.32 → clamped to 8.
        Assert.Equal(2, fast.Target(T0));
        Assert.Equal(8, slow.Target(T0));
    }

    [Fact]
    public void RecordStart_KeepsADecayedMean()
    {
        var sizer = new PoolSizer(Options);

        sizer.RecordStart(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), sizer.StartTime);

        // Each new time weighs 0.3: 1 + 0.3·(2 − 1) = 1.3 s; then 1.3 + 0.3·(0 − 1.3) = 0.91 s.
        sizer.RecordStart(TimeSpan.FromSeconds(2));
        Assert.Equal(1.3, sizer.StartTime.TotalSeconds, 9);
        sizer.RecordStart(TimeSpan.Zero);
        Assert.Equal(0.91, sizer.StartTime.TotalSeconds, 9);
    }

    [Fact]
    public void RecordDemand_OutOfOrder_DecaysNothingAndKeepsTheLatestUse()
    {
        var sizer = new PoolSizer(Options);
        sizer.RecordDemand(T0 + TimeSpan.FromSeconds(60));
        sizer.RecordDemand(T0);

        Assert.Equal(T0 + TimeSpan.FromSeconds(60), sizer.LastDemand);
        Assert.Equal(2 * Math.Log(2) / 60, sizer.DemandRate(T0 + TimeSpan.FromSeconds(60)), 12);
    }
}
