namespace Kumo.Gateway.Lambda.EventInvokeConfig;

/// <summary>
/// One destination of a <see cref="DestinationConfig"/> (AWS's <c>OnSuccess</c> and <c>OnFailure</c>): the ARN of
/// the function that gets the records, left out when there is none. In a request, "" removes it.
/// </summary>
internal sealed record EventDestination
{
    public string? Destination { get; init; }
}
