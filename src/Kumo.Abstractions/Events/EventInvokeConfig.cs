namespace Kumo.Abstractions.Events;

/// <summary>
/// How a function's asynchronous invocations are handled, as Lambda's <c>FunctionEventInvokeConfig</c>: retries,
/// maximum age, and where to send a record of each event's outcome. Settings left null take the platform's defaults.
/// </summary>
public sealed record EventInvokeConfig
{
    /// <summary>The tenant that owns the function.</summary>
    public required string TenantId { get; init; }

    /// <summary>The function's name.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version it applies to; only <c>$LATEST</c> until versions exist.</summary>
    public string Qualifier { get; init; } = "$LATEST";

    /// <summary>How many times a failed event is retried, 0–2; null: the platform's default (2).</summary>
    public int? MaximumRetryAttempts { get; init; }

    /// <summary>How old an event may grow before it is no longer run, 60–21600 seconds; null: the default (21600).</summary>
    public int? MaximumEventAgeInSeconds { get; init; }

    /// <summary>The ARN of the function that gets a record of each event that succeeded, or null.</summary>
    public string? OnSuccessDestination { get; init; }

    /// <summary>The ARN of the function that gets a record of each event that failed or expired, or null.</summary>
    public string? OnFailureDestination { get; init; }

    /// <summary>When it was last changed.</summary>
    public DateTimeOffset LastModified { get; init; }
}
