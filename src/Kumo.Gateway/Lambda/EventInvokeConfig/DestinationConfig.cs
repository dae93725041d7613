namespace Kumo.Gateway.Lambda.EventInvokeConfig;

/// <summary>Where records of asynchronous invocations go, as AWS's <c>DestinationConfig</c>.</summary>
internal sealed record DestinationConfig
{
    public EventDestination? OnSuccess { get; init; }

    public EventDestination? OnFailure { get; init; }
}
