using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Lambda.EventInvokeConfig;

/// <summary>A function's asynchronous settings as Lambda answers them (AWS's <c>FunctionEventInvokeConfig</c>).</summary>
internal sealed record FunctionEventInvokeConfig
{
    /// <summary>When it was last changed, in seconds since the Unix epoch (fractional), as AWS's JSON timestamps.</summary>
    public required double LastModified { get; init; }

    /// <summary>The qualified ARN of the version it applies to.</summary>
    public required string FunctionArn { get; init; }

    public int? MaximumRetryAttempts { get; init; }

    public int? MaximumEventAgeInSeconds { get; init; }

    /// <summary>Always present, with both destinations as objects, as Lambda answers.</summary>
    public required DestinationConfig DestinationConfig { get; init; }

    public static FunctionEventInvokeConfig From(Abstractions.Events.EventInvokeConfig config, PlatformRegion region)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(region);
        return new()
        {
            LastModified = config.LastModified.ToUnixTimeMilliseconds() / 1000d,
            FunctionArn = $"{region.FunctionArn(config.FunctionName)}:{config.Qualifier}",
            MaximumRetryAttempts = config.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = config.MaximumEventAgeInSeconds,
            DestinationConfig = new()
            {
                OnSuccess = new() { Destination = NullIfEmpty(config.OnSuccessDestination) },
                OnFailure = new() { Destination = NullIfEmpty(config.OnFailureDestination) },
            },
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
