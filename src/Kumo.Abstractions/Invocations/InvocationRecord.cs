namespace Kumo.Abstractions.Invocations;

/// <summary>What is kept of one invocation, successful or not.</summary>
public sealed record InvocationRecord
{
    /// <summary>The tenant that owns the function.</summary>
    public required string TenantId { get; init; }

    /// <summary>The request id, as the function's context sees it.</summary>
    public required string RequestId { get; init; }

    /// <summary>The trace id: from the caller's <c>X-Amzn-Trace-Id</c> or <c>traceparent</c>, else made for it.</summary>
    public required string TraceId { get; init; }

    /// <summary>The function's name.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version that ran, such as <c>$LATEST</c>.</summary>
    public string Version { get; init; } = "$LATEST";

    /// <summary>Which attempt this was: 1, or more for the retries of an asynchronous event (they share its request id).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>What started it: <c>api</c>, <c>http</c>, <c>async</c>, <c>schedule</c> …; see <see cref="InvocationTriggers"/>.</summary>
    public required string Trigger { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the runtime took to initialise, on a cold start only.</summary>
    public double? InitDurationMs { get; init; }

    /// <summary>How long the handler ran.</summary>
    public double DurationMs { get; init; }

    /// <summary>The duration billed: <see cref="DurationMs"/> rounded up to the billing granularity.</summary>
    public long BilledDurationMs { get; init; }

    /// <summary>The function's memory size.</summary>
    public int MemorySizeMb { get; init; }

    /// <summary>The sandbox's peak memory, from its cgroup, when known.</summary>
    public int? MaxMemoryUsedMb { get; init; }

    /// <summary>Whether a new sandbox was started for it.</summary>
    public bool Cold { get; init; }

    /// <summary>What its sandbox was when it reached it; null when it never reached one (throttled, refused, a platform error).</summary>
    public StartKind? StartKind { get; init; }

    /// <summary>When it passed each step of the platform; null for records made before phases were kept.</summary>
    public InvocationPhases? Phases { get; init; }

    /// <summary>How it ended.</summary>
    public required InvocationOutcome Outcome { get; init; }

    /// <summary>The error's type, for anything but success (such as <c>Runtime.ImportModuleError</c>).</summary>
    public string? ErrorType { get; init; }

    /// <summary>The error's message, for anything but success.</summary>
    public string? ErrorMessage { get; init; }
}
