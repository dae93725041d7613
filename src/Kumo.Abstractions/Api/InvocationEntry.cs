using System.Text.Json.Serialization;
using Kumo.Abstractions.Invocations;

namespace Kumo.Abstractions.Api;

/// <summary>One invocation record as the native API shows it: every field of <see cref="InvocationRecord"/>.</summary>
public sealed record InvocationEntry
{
    /// <summary>The tenant that owns the function.</summary>
    public required string TenantId { get; init; }

    /// <summary>The request id.</summary>
    public required string RequestId { get; init; }

    /// <summary>The trace id.</summary>
    public required string TraceId { get; init; }

    /// <summary>Which attempt: 1, or more for the retries of an asynchronous event.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The function's name.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version that ran, such as <c>$LATEST</c>.</summary>
    public required string Version { get; init; }

    /// <summary>What started it: <c>api</c>, <c>http</c>, <c>async</c>, <c>schedule</c> ….</summary>
    public required string Trigger { get; init; }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the runtime took to initialise; on cold starts only.</summary>
    public double? InitDurationMs { get; init; }

    /// <summary>How long the handler ran.</summary>
    public double DurationMs { get; init; }

    /// <summary>The duration billed.</summary>
    public long BilledDurationMs { get; init; }

    /// <summary>The function's memory size.</summary>
    public int MemorySizeMb { get; init; }

    /// <summary>The sandbox's peak memory, when known.</summary>
    public int? MaxMemoryUsedMb { get; init; }

    /// <summary>Whether a new sandbox was started for it.</summary>
    public bool Cold { get; init; }

    /// <summary>What its sandbox was: <c>warm</c>, <c>prewarmed</c> (a stem cell specialised for it), <c>cold</c> or <c>provisioned</c>; absent when it never reached one.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<StartKind>))]
    public StartKind? StartKind { get; init; }

    /// <summary>When it passed each step of the platform, in milliseconds since it arrived; see <see cref="InvocationPhases"/>.</summary>
    public InvocationPhases? Phases { get; init; }

    /// <summary>How it ended: <c>success</c>, <c>functionError</c>, <c>timeout</c>, <c>outOfMemory</c>, <c>throttled</c> or <c>platformError</c>.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<InvocationOutcome>))]
    public InvocationOutcome Outcome { get; init; }

    /// <summary>The error's type, for anything but success.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The error's message, for anything but success.</summary>
    public string? ErrorMessage { get; init; }
}
