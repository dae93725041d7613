using System.Diagnostics;
using Kumo.Abstractions.Invocations;
using Kumo.Core.Invocations;

namespace Kumo.Invocation.Tests.Timeline;

public sealed class InvocationActivitiesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static InvocationRecord Record(InvocationPhases? phases, string traceId = "1-5759e988-bd862e3fe1be46a994272793") => new()
    {
        TenantId = "default",
        RequestId = "r-1",
        TraceId = traceId,
        FunctionName = "fn",
        Trigger = InvocationTriggers.Api,
        StartedAt = T0,
        Outcome = InvocationOutcome.Success,
        StartKind = StartKind.Cold,
        Phases = phases,
    };

    [Fact]
    public void Emit_WithAListener_MakesAnInvokeSpanInTheInvocationsTraceWithOneChildPerPhasePassed()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == InvocationActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var phases = new InvocationPhases { AdmittedMs = 1, PlacedMs = 2, SandboxAcquiredMs = 4, InitializedMs = 30, HandlerStartedMs = 31, AnsweredMs = 35, RecordedMs = 36 };

        InvocationActivities.Emit(Record(phases), new TraceContext("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8", Sampled: true));

        var mine = stopped.Where(a => a.TraceId.ToHexString() == "5759e988bd862e3fe1be46a994272793").ToList();
        var invoke = Assert.Single(mine, a => a.OperationName == "invoke");
        Assert.Equal("53995c3f42cd8ad8", invoke.ParentSpanId.ToHexString());
        Assert.Equal(T0.UtcDateTime, invoke.StartTimeUtc);
        Assert.Equal(TimeSpan.FromMilliseconds(36), invoke.Duration);
        var children = mine.Where(a => a.ParentSpanId == invoke.SpanId).ToDictionary(a => a.OperationName, a => (Start: (a.StartTimeUtc - T0.UtcDateTime).TotalMilliseconds, a.Duration.TotalMilliseconds));
        Assert.Equal((0, 1), children["admit"]);
        Assert.Equal((1, 1), children["place"]);
        Assert.Equal((2, 2), children["acquire"]);
        Assert.Equal((4, 26), children["init"]);
        Assert.Equal((31, 4), children["handler"]);
        Assert.Equal((35, 1), children["record"]);
        Assert.Equal(6, children.Count);
    }

    [Fact]
    public void Emit_ARecordWithoutPhases_MakesNoSpan()
    {
        var started = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == InvocationActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => started += a.TraceId.ToHexString() == "6759e988bd862e3fe1be46a994272793" ? 1 : 0,
        };
        ActivitySource.AddActivityListener(listener);

        InvocationActivities.Emit(Record(null, "1-6759e988-bd862e3fe1be46a994272793"), new TraceContext("1-6759e988-bd862e3fe1be46a994272793", null, Sampled: false));

        Assert.Equal(0, started);
    }
}
