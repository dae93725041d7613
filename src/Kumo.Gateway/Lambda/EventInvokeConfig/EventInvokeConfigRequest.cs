using Kumo.Abstractions.Events;

namespace Kumo.Gateway.Lambda.EventInvokeConfig;

/// <summary>The body of <c>PutFunctionEventInvokeConfig</c> and <c>UpdateFunctionEventInvokeConfig</c>.</summary>
internal sealed record EventInvokeConfigRequest
{
    public int? MaximumRetryAttempts { get; init; }

    public int? MaximumEventAgeInSeconds { get; init; }

    public DestinationConfig? DestinationConfig { get; init; }

    /// <summary>The change it asks for; a destination not given stays null, one given as "" is removed.</summary>
    public EventInvokeConfigChange ToChange() => new()
    {
        MaximumRetryAttempts = MaximumRetryAttempts,
        MaximumEventAgeInSeconds = MaximumEventAgeInSeconds,
        OnSuccessDestination = DestinationConfig?.OnSuccess?.Destination,
        OnFailureDestination = DestinationConfig?.OnFailure?.Destination,
    };
}
