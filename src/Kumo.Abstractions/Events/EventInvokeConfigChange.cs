namespace Kumo.Abstractions.Events;

/// <summary>
/// What a put or an update of a function's <see cref="EventInvokeConfig"/> gives. On a put, settings left null take
/// the defaults; on an update, they stay as they were. A destination given as "" is removed.
/// </summary>
public sealed record EventInvokeConfigChange
{
    /// <summary>How many times a failed event is retried, 0–2.</summary>
    public int? MaximumRetryAttempts { get; init; }

    /// <summary>The maximum age of an event, 60–21600 seconds.</summary>
    public int? MaximumEventAgeInSeconds { get; init; }

    /// <summary>The ARN of the function to send success records to.</summary>
    public string? OnSuccessDestination { get; init; }

    /// <summary>The ARN of the function to send failure records to.</summary>
    public string? OnFailureDestination { get; init; }
}
