using Kumo.Core.KeepAlive;

namespace Kumo.Core.Tests.KeepAlive;

/// <summary>The schedule of unloads and pre-warms: time order, replacement, cancellation.</summary>
public sealed class KeepAliveScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double minutes) => T0 + TimeSpan.FromMinutes(minutes);

    private static List<KeepAliveAction<string, int>> TakeDue(KeepAliveSchedule<string, int> schedule, DateTimeOffset now)
    {
        var actions = new List<KeepAliveAction<string, int>>();
        schedule.TakeDue(now, actions);
        return actions;
    }

    [Fact]
    public void TakeDue_ReturnsWhatIsDueEarliestFirst_AndKeepsTheRest()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        schedule.KeepIdle("a", 1, At(10));
        schedule.KeepIdle("b", 2, At(5));
        schedule.PlanPreWarm("c", At(7), At(9));

        Assert.Equal(At(5), schedule.NextDueAt());
        var due = TakeDue(schedule, At(8));

        Assert.Equal(
            [
                new(KeepAliveActionKind.Unload, At(5), "b", 2, At(5)),
                new(KeepAliveActionKind.PreWarm, At(7), "c", 0, At(9)),
            ],
            due);
        Assert.Equal(At(10), schedule.NextDueAt());
        Assert.Equal(1, schedule.IdleCount);
        Assert.Equal(0, schedule.PreWarmCount);
        Assert.Empty(TakeDue(schedule, At(9.99)));
        Assert.Single(TakeDue(schedule, At(10)));
        Assert.Null(schedule.NextDueAt());
    }

    [Fact]
    public void KeepIdle_Again_ReplacesTheEarlierUnload()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        schedule.KeepIdle("a", 1, At(5));
        schedule.KeepIdle("a", 1, At(20));

        Assert.Empty(TakeDue(schedule, At(19)));
        Assert.True(schedule.TryGetUnloadAt(1, out var at));
        Assert.Equal(At(20), at);
        Assert.Single(TakeDue(schedule, At(20)));
    }

    [Fact]
    public void KeepIdle_AgainEarlier_UnloadsAtTheEarlierTimeOnly()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        schedule.KeepIdle("a", 1, At(20));
        schedule.KeepIdle("a", 1, At(5));

        Assert.Equal(At(5), schedule.NextDueAt());
        Assert.Equal([At(5)], TakeDue(schedule, At(60)).Select(a => a.At));
        Assert.Equal(0, schedule.IdleCount);
    }

    [Fact]
    public void KeepIdle_AfterForget_PlansTheNewUnloadOnly()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        schedule.KeepIdle("a", 1, At(5));
        schedule.Forget(1);
        Assert.Equal(0, schedule.IdleCount);
        Assert.False(schedule.TryGetUnloadAt(1, out _));

        schedule.KeepIdle("b", 1, At(8));

        Assert.Equal(1, schedule.IdleCount);
        Assert.Equal(At(8), schedule.NextDueAt());
        Assert.Equal([new(KeepAliveActionKind.Unload, At(8), "b", 1, At(8))], TakeDue(schedule, At(60)));
    }

    [Fact]
    public void Forget_SandboxTakenByAnInvocation_IsNotUnloaded()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        schedule.KeepIdle("a", 1, At(5));

        Assert.True(schedule.Forget(1));
        Assert.False(schedule.Forget(1));
        Assert.Equal(0, schedule.IdleCount);
        Assert.Null(schedule.NextDueAt());
        Assert.Empty(TakeDue(schedule, At(60)));
    }

    [Fact]
    public void Apply_DecisionThatPreWarms_UnloadsAtOnceAndPlansThePreWarm()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        var decision = new KeepAliveDecision(At(10), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(3), KeepAliveReason.Histogram);

        schedule.Apply("a", 7, decision);

        Assert.Equal(
            [new(KeepAliveActionKind.Unload, At(10), "a", 7, At(10))],
            TakeDue(schedule, At(10)));
        Assert.True(schedule.TryGetPreWarm("a", out var preWarmAt, out var until));
        Assert.Equal((At(18), At(21)), (preWarmAt, until));
    }

    [Fact]
    public void Apply_LaterDecisionWithoutPreWarm_CancelsThePlannedOne()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        schedule.Apply("a", 1, new KeepAliveDecision(At(10), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(3), KeepAliveReason.Histogram));
        schedule.Apply("a", 2, new KeepAliveDecision(At(11), TimeSpan.Zero, TimeSpan.FromMinutes(10), KeepAliveReason.TooFewSamples));

        var due = TakeDue(schedule, At(30));

        Assert.Equal([KeepAliveActionKind.Unload, KeepAliveActionKind.Unload], due.Select(a => a.Kind));
        Assert.Equal([1, 2], due.Select(a => a.Instance));
        Assert.Equal(At(21), due[1].At);
    }

    [Fact]
    public void PlanPreWarm_Again_ReplacesTheEarlierOne_AndCancelDropsIt()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        schedule.PlanPreWarm("a", At(5), At(6));
        schedule.PlanPreWarm("a", At(8), At(9));

        Assert.Equal(At(8), schedule.NextDueAt());
        Assert.True(schedule.CancelPreWarm("a"));
        Assert.False(schedule.CancelPreWarm("a"));
        Assert.Null(schedule.NextDueAt());
    }

    [Fact]
    public void TakeDue_SandboxesKeptAndTakenInTurn_MatchesAPlainListOfDeadlines()
    {
        // The schedule against the obvious model (a deadline per idle sandbox), over a long seeded sequence.
        var schedule = new KeepAliveSchedule<string, int>();
        var model = new Dictionary<int, DateTimeOffset>();
        var random = new Random(7);
        var now = 0.0;
        for (var step = 0; step < 5000; step++)
        {
            now += random.NextDouble();
            var expected = model.Where(p => p.Value <= At(now)).OrderBy(p => p.Value).ThenBy(p => p.Key).ToList();
            var due = TakeDue(schedule, At(now));
            Assert.Equal(expected.Select(p => (p.Key, p.Value)), due.Select(a => (a.Instance, a.At)).OrderBy(p => p.At).ThenBy(p => p.Instance));
            foreach (var (instance, _) in expected)
            {
                model.Remove(instance);
            }

            var sandbox = random.Next(20);
            if (random.Next(3) == 0)
            {
                Assert.Equal(model.Remove(sandbox), schedule.Forget(sandbox));
            }
            else
            {
                var until = At(now + (random.NextDouble() * 30));
                schedule.KeepIdle("a", sandbox, until);
                model[sandbox] = until;
            }

            Assert.Equal(model.Count, schedule.IdleCount);
            Assert.Equal(model.Count == 0 ? null : model.Values.Min(), schedule.NextDueAt());
        }
    }

    [Fact]
    public void TakeDue_AfterManyReplacements_StillReturnsOnlyTheCurrentPlans()
    {
        var schedule = new KeepAliveSchedule<string, int>();
        for (var round = 0; round < 1000; round++)
        {
            for (var instance = 0; instance < 3; instance++)
            {
                schedule.KeepIdle("a", instance, At(round + instance));
            }
        }

        var due = TakeDue(schedule, At(5000));

        Assert.Equal([0, 1, 2], due.Select(a => a.Instance));
        Assert.Equal([At(999), At(1000), At(1001)], due.Select(a => a.At));
        Assert.Equal(0, schedule.IdleCount);
        Assert.Null(schedule.NextDueAt());
    }
}
