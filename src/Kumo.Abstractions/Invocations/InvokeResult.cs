namespace Kumo.Abstractions.Invocations;

/// <summary>The answer to an <see cref="InvokeRequest"/>.</summary>
public sealed record InvokeResult
{
    /// <summary>What became of the request.</summary>
    public required InvokeStatus Status { get; init; }

    /// <summary>The invocation's request id (also for throttled requests, which are recorded too).</summary>
    public string RequestId { get; init; } = "";

    /// <summary>The function's result, or its error document when <see cref="FunctionError"/> is set.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary><c>Unhandled</c> when the function failed (error, timeout, out of memory, init failure); null on success.</summary>
    public string? FunctionError { get; init; }

    /// <summary>The version that ran.</summary>
    public string ExecutedVersion { get; init; } = "$LATEST";

    /// <summary>The invocation's whole log, <c>START</c> to <c>REPORT</c>, one line per line.</summary>
    public string Log { get; init; } = "";

    /// <summary>For <see cref="InvokeStatus.Throttled"/>: which limit.</summary>
    public ThrottleReason? ThrottleReason { get; init; }

    /// <summary>For <see cref="InvokeStatus.Throttled"/>: when to try again.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>
    /// Whether this answers a repeat of an earlier request with the same idempotency key: the function did not run
    /// again, and this is the first request's response under its id.
    /// </summary>
    public bool Replayed { get; init; }

    /// <summary>For refusals: what was wrong and what to do.</summary>
    public string? Message { get; init; }
}
