using System.Diagnostics;
using Kumo.Abstractions.Invocations;
using Kumo.Core.Invocations;

namespace Kumo.Invocation;

/// <summary>
/// The <c>Kumo.Invocation</c> activity source: each recorded invocation as an <c>invoke</c> span with one child per
/// phase (<c>admit</c>, <c>place</c>, <c>acquire</c>, <c>init</c>, <c>handler</c>, <c>record</c>), in the
/// invocation's own trace, made after the fact from <see cref="InvocationRecord.Phases"/>. Nothing is made unless a
/// listener (an OpenTelemetry exporter, <c>dotnet-trace</c>) subscribes.
/// </summary>
internal static class InvocationActivities
{
    public const string SourceName = "Kumo.Invocation";

    private static readonly ActivitySource Source = new(SourceName);

    public static void Emit(InvocationRecord record, TraceContext trace)
    {
        if (!Source.HasListeners() || record.Phases is not { } phases || !TryTraceId(record.TraceId, out var traceId))
        {
            return;
        }

        var parentSpan = trace.Parent is { } parent ? ActivitySpanId.CreateFromString(parent) : default;
        var saved = Activity.Current;
        try
        {
            var start = record.StartedAt;
            var context = new ActivityContext(traceId, parentSpan, trace.Sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None);
            using var invoke = Source.StartActivity("invoke", ActivityKind.Server, context, startTime: start);
            if (invoke is null)
            {
                return;
            }

            invoke.SetTag("faas.name", record.FunctionName);
            invoke.SetTag("faas.invocation_id", record.RequestId);
            invoke.SetTag("kumo.start_kind", record.StartKind?.ToString());
            invoke.SetTag("kumo.outcome", record.Outcome.ToString());
            Child(invoke, "admit", start, 0, phases.AdmittedMs);
            Child(invoke, "place", start, phases.AdmittedMs, phases.PlacedMs);
            Child(invoke, "acquire", start, phases.PlacedMs, phases.SandboxAcquiredMs);
            Child(invoke, "init", start, phases.SandboxAcquiredMs, phases.InitializedMs);
            Child(invoke, "handler", start, phases.HandlerStartedMs, phases.AnsweredMs);
            Child(invoke, "record", start, phases.AnsweredMs, phases.RecordedMs);
            invoke.SetEndTime((start + TimeSpan.FromMilliseconds(phases.RecordedMs ?? 0)).UtcDateTime);
        }
        finally
        {
            Activity.Current = saved;
        }
    }

    private static void Child(Activity parent, string name, DateTimeOffset start, double? fromMs, double? toMs)
    {
        if (fromMs is not { } from || toMs is not { } to || to < from)
        {
            return;
        }

        using var span = Source.StartActivity(name, ActivityKind.Internal, parent.Context, startTime: start + TimeSpan.FromMilliseconds(from));
        span?.SetEndTime((start + TimeSpan.FromMilliseconds(to)).UtcDateTime);
    }

    /// <summary>The W3C trace id of an X-Ray root (<c>1-{8 hex}-{24 hex}</c>).</summary>
    private static bool TryTraceId(string root, out ActivityTraceId traceId)
    {
        traceId = default;
        var parts = root.Split('-');
        if (parts.Length != 3 || parts[1].Length != 8 || parts[2].Length != 24 || !(parts[1] + parts[2]).All(char.IsAsciiHexDigit))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString((parts[1] + parts[2]).ToLowerInvariant());
        return true;
    }
}
