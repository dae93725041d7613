namespace Kumo.Abstractions.Events;

/// <summary>One asynchronous invocation, accepted and kept until it has run (or ended otherwise).</summary>
public sealed record QueuedEvent
{
    /// <summary>The tenant that owns the function.</summary>
    public required string TenantId { get; init; }

    /// <summary>The request id given to the caller; every attempt runs under it, as on Lambda.</summary>
    public required string RequestId { get; init; }

    /// <summary>The function's name.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version asked for, or null for <c>$LATEST</c>.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The event.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The caller's <c>X-Amzn-Trace-Id</c>, if any.</summary>
    public string? AmznTraceId { get; init; }

    /// <summary>The caller's <c>traceparent</c>, if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>What queued it (see <see cref="Invocations.InvocationTriggers"/>), recorded with each of its runs.</summary>
    public string Trigger { get; init; } = Invocations.InvocationTriggers.Async;

    /// <summary>When it was accepted.</summary>
    public required DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>Not before this time is it (again) handed to a dispatcher.</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>How many times the function ran it so far (throttled tries do not count).</summary>
    public int Attempts { get; init; }

    /// <summary>Where it is.</summary>
    public QueuedEventStatus Status { get; init; } = QueuedEventStatus.Queued;

    /// <summary>The dispatcher holding it while <see cref="QueuedEventStatus.Running"/>.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Until when that dispatcher holds it; after this, another may take it.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>The last attempt's error type and message, when it failed.</summary>
    public string? LastError { get; init; }

    /// <summary>When it reached its final status.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
