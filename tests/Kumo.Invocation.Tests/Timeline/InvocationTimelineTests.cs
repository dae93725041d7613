using Kumo.Abstractions.Invocations;
using Kumo.Invocation.Tests.Worker;
using Kumo.Invocation.Worker;
using Kumo.Sandbox;
using Kumo.Sandbox.Invocations;

namespace Kumo.Invocation.Tests.Timeline;

public sealed class InvocationTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SteppedClock _clock = new(T0);

    private static WorkerSandbox Sandbox(SandboxOrigin origin) =>
        new(new FakeSandbox("sb-1", new SandboxSpec
        {
            FunctionName = "fn",
            FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:fn",
            Runtime = "python3.11",
            Handler = "app.handler",
            CodeDirectory = "/nonexistent",
            MemoryMb = 128,
            Timeout = TimeSpan.FromSeconds(3),
        }), "default/fn", "rev-1", 128, T0)
        { Origin = origin };

    private static InvocationResult Result(DateTimeOffset? handlerStartedAt, TimeSpan? initDuration) =>
        new(InvocationStatus.Succeeded, "{}"u8.ToArray(), null, [], TimeSpan.FromMilliseconds(1), initDuration, null)
        {
            HandlerStartedAt = handlerStartedAt,
        };

    [Fact]
    public void Phases_AColdInvocation_AreEveryStepInOrderWithInitFromThePlacement()
    {
        var timeline = new InvocationTimeline(_clock, _clock.GetUtcNow());
        _clock.Advance(0.5);
        timeline.Admitted();
        _clock.Advance(1);
        timeline.Placed();
        _clock.Advance(2);
        timeline.SandboxAcquired(Sandbox(SandboxOrigin.Created), placedWarm: false);
        _clock.Advance(40);
        var handlerStarted = _clock.GetUtcNow();
        _clock.Advance(3);
        timeline.Answered();
        _clock.Advance(0.25);

        var phases = timeline.Phases(Result(handlerStarted, TimeSpan.FromMilliseconds(30)));

        Assert.Equal(StartKind.Cold, timeline.StartKind);
        Assert.Equal(0.5, phases.AdmittedMs);
        Assert.Equal(1.5, phases.PlacedMs);
        Assert.Equal(3.5, phases.SandboxAcquiredMs);
        Assert.Equal(31.5, phases.InitializedMs);
        Assert.Equal(43.5, phases.HandlerStartedMs);
        Assert.Equal(46.5, phases.AnsweredMs);
        Assert.Equal(46.75, phases.RecordedMs);
        double?[] inOrder = [phases.AdmittedMs, phases.PlacedMs, phases.InitializedMs, phases.HandlerStartedMs, phases.AnsweredMs, phases.RecordedMs];
        Assert.Equal(inOrder.Order(), inOrder);
    }

    [Fact]
    public void Phases_AnInitLongerThanTheWaitForTheHandler_EndsInitWhenTheHandlerStarted()
    {
        var timeline = new InvocationTimeline(_clock, _clock.GetUtcNow());
        timeline.Admitted();
        timeline.Placed();
        _clock.Advance(1);
        timeline.SandboxAcquired(Sandbox(SandboxOrigin.Stem), placedWarm: false);
        _clock.Advance(9);
        var handlerStarted = _clock.GetUtcNow();
        _clock.Advance(1);
        timeline.Answered();

        var phases = timeline.Phases(Result(handlerStarted, TimeSpan.FromMilliseconds(12)));

        Assert.Equal(StartKind.Prewarmed, timeline.StartKind);
        Assert.Equal(10, phases.InitializedMs);
        Assert.Equal(10, phases.HandlerStartedMs);
    }

    [Fact]
    public void Phases_AnInitShorterThanTheAcquisition_EndsInitWhenTheSandboxWasAcquired()
    {
        var timeline = new InvocationTimeline(_clock, _clock.GetUtcNow());
        timeline.Admitted();
        timeline.Placed();
        _clock.Advance(5);
        timeline.SandboxAcquired(Sandbox(SandboxOrigin.Stem), placedWarm: false);
        _clock.Advance(3);
        var handlerStarted = _clock.GetUtcNow();
        timeline.Answered();

        var phases = timeline.Phases(Result(handlerStarted, TimeSpan.FromMilliseconds(2)));

        Assert.Equal(5, phases.SandboxAcquiredMs);
        Assert.Equal(5, phases.InitializedMs);
        Assert.Equal(8, phases.HandlerStartedMs);
    }

    [Fact]
    public void Phases_AWarmInvocation_HasNoInitialization()
    {
        var timeline = new InvocationTimeline(_clock, _clock.GetUtcNow());
        timeline.Admitted();
        _clock.Advance(0.2);
        timeline.Placed();
        timeline.SandboxAcquired(Sandbox(SandboxOrigin.Created), placedWarm: true);
        _clock.Advance(0.1);
        var handlerStarted = _clock.GetUtcNow();
        _clock.Advance(0.5);
        timeline.Answered();

        var phases = timeline.Phases(Result(handlerStarted, TimeSpan.FromMilliseconds(80)));

        Assert.Equal(StartKind.Warm, timeline.StartKind);
        Assert.Null(phases.InitializedMs);
        Assert.Equal(0.3, phases.HandlerStartedMs!.Value, 6);
    }

    [Fact]
    public void Phases_AHandlerStampOutsideTheInvocation_IsLeftOut()
    {
        var timeline = new InvocationTimeline(_clock, _clock.GetUtcNow());
        timeline.Admitted();
        _clock.Advance(1);
        timeline.Answered();

        var before = timeline.Phases(Result(T0 - TimeSpan.FromSeconds(1), null));
        var after = timeline.Phases(Result(T0 + TimeSpan.FromSeconds(5), null));

        Assert.Null(before.HandlerStartedMs);
        Assert.Null(after.HandlerStartedMs);
        Assert.Null(timeline.StartKind);
    }

    [Theory]
    [InlineData("Created", true, StartKind.Warm)]
    [InlineData("PreWarmed", true, StartKind.Warm)]
    [InlineData("Provisioned", true, StartKind.Provisioned)]
    [InlineData("Created", false, StartKind.Cold)]
    [InlineData("Stem", false, StartKind.Prewarmed)]
    public void KindOf_OriginAndPlacement_GiveTheStartKind(string origin, bool placedWarm, StartKind expected) =>
        Assert.Equal(expected, InvocationTimeline.KindOf(Sandbox(Enum.Parse<SandboxOrigin>(origin)), placedWarm));
}
