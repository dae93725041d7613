using System.Globalization;
using Kumo.Abstractions.Invocations;
using Kumo.Sandbox.Invocations;

namespace Kumo.Invocation.Records;

/// <summary>
/// An invocation's log as Lambda writes it: on a cold start <c>INIT_START</c> and what init printed, then
/// <c>START</c>, what the handler printed, <c>END</c> and <c>REPORT</c> with the durations and memory.
/// </summary>
internal static class InvocationLog
{
    /// <summary>Builds the lines of <paramref name="record"/>, with the sandbox's own lines in between.</summary>
    /// <param name="record">The invocation's record (durations, memory, cold).</param>
    /// <param name="runtime">The runtime, for the INIT_START line.</param>
    /// <param name="output">What the sandbox wrote, in order.</param>
    /// <param name="handlerStarted">When the event was handed to the handler: lines before it belong to init.</param>
    /// <param name="ended">When the invocation ended.</param>
    public static List<LogLine> Build(
        InvocationRecord record, string runtime, IReadOnlyList<SandboxLogLine> output, DateTimeOffset handlerStarted, DateTimeOffset ended)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        var lines = new List<LogLine>(output.Count + 4);
        // One rule splits both groups: stdout and stderr are read by two threads, so the list is in arrival
        // order per stream, not always in time order across them.
        bool BeforeHandler(SandboxLogLine line) => record.Cold && line.Timestamp < handlerStarted;
        var init = output.Where(BeforeHandler).ToList();
        if (record.Cold)
        {
            lines.Add(new LogLine(init.Count > 0 ? Min(init[0].Timestamp, record.StartedAt) : record.StartedAt, $"INIT_START Runtime Version: {runtime}"));
            lines.AddRange(init.Select(l => new LogLine(l.Timestamp, l.Text)));
        }

        lines.Add(new LogLine(handlerStarted, $"START RequestId: {record.RequestId} Version: {record.Version}"));
        lines.AddRange(output.Where(l => !BeforeHandler(l)).Select(l => new LogLine(l.Timestamp, l.Text)));
        var end = Max(ended, lines[^1].Timestamp);
        lines.Add(new LogLine(end, $"END RequestId: {record.RequestId}"));
        lines.Add(new LogLine(end, Report(record)));
        return lines;
    }

    /// <summary>The REPORT line, tab-separated as on Lambda.</summary>
    public static string Report(InvocationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"REPORT RequestId: {record.RequestId}\tDuration: {record.DurationMs:F2} ms\tBilled Duration: {record.BilledDurationMs} ms\tMemory Size: {record.MemorySizeMb} MB\tMax Memory Used: {record.MaxMemoryUsedMb ?? 0} MB\t");
        if (record.InitDurationMs is { } init)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"Init Duration: {init:F2} ms\t");
        }

        if (record.Outcome is not InvocationOutcome.Success && record.ErrorType is { } errorType)
        {
            text += $"Status: error\tError Type: {errorType}";
        }

        return text;
    }

    /// <summary>The billed duration: <paramref name="durationMs"/> rounded up to a multiple of <paramref name="granularityMs"/>, at least one.</summary>
    public static long Billed(double durationMs, int granularityMs)
    {
        var units = Math.Max(1, (long)Math.Ceiling(durationMs / granularityMs));
        return units * granularityMs;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
