using Kumo.Abstractions.Api;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Invocations;

/// <summary>Turns stored functions, records and log lines into the shapes the native API shows.</summary>
internal static class ApiEntries
{
    public static FunctionEntry ToEntry(this FunctionConfiguration function) => new()
    {
        Name = function.Name,
        Runtime = function.Runtime,
        Handler = function.Handler,
        MemoryMb = function.MemoryMb,
        TimeoutSeconds = function.TimeoutSeconds,
        State = function.State,
        StateReason = function.StateReason,
        LastModified = function.LastModified,
        CodeSize = function.CodeSize,
        ReservedConcurrency = function.ReservedConcurrency,
    };

    public static EventEntry ToEntry(this QueuedEvent queued) => new()
    {
        RequestId = queued.RequestId,
        FunctionName = queued.FunctionName,
        Status = queued.Status,
        Trigger = queued.Trigger,
        Attempts = queued.Attempts,
        EnqueuedAt = queued.EnqueuedAt,
        NextAttemptAt = queued.Status == QueuedEventStatus.Queued ? queued.NextAttemptAt : null,
        FinishedAt = queued.FinishedAt,
        LastError = queued.LastError,
    };

    public static InvocationEntry ToEntry(this InvocationRecord record) => new()
    {
        TenantId = record.TenantId,
        RequestId = record.RequestId,
        Attempt = record.Attempt,
        TraceId = record.TraceId,
        FunctionName = record.FunctionName,
        Version = record.Version,
        Trigger = record.Trigger,
        StartedAt = record.StartedAt,
        InitDurationMs = record.InitDurationMs,
        DurationMs = record.DurationMs,
        BilledDurationMs = record.BilledDurationMs,
        MemorySizeMb = record.MemorySizeMb,
        MaxMemoryUsedMb = record.MaxMemoryUsedMb,
        Cold = record.Cold,
        StartKind = record.StartKind,
        Phases = record.Phases,
        Outcome = record.Outcome,
        ErrorType = record.ErrorType,
        ErrorMessage = record.ErrorMessage,
    };

    public static LogEntry ToEntry(this LogLine line) =>
        new(line.Sequence, line.Timestamp, line.RequestId, line.FunctionName, line.Text);
}
