using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>One setting in the answer of <c>ListProvisionedConcurrencyConfigs</c>: the Get answer and the qualified ARN it applies to.</summary>
internal sealed record ProvisionedConcurrencyConfigListItem
{
    /// <summary>The ARN of the version or alias, such as <c>arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST</c>.</summary>
    public required string FunctionArn { get; init; }

    public required int RequestedProvisionedConcurrentExecutions { get; init; }

    public required int AvailableProvisionedConcurrentExecutions { get; init; }

    public required int AllocatedProvisionedConcurrentExecutions { get; init; }

    public required string Status { get; init; }

    public string? StatusReason { get; init; }

    public required string LastModified { get; init; }

    public static ProvisionedConcurrencyConfigListItem From(ProvisionedConcurrencyConfig config, PlatformRegion region)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(region);
        return new()
        {
            FunctionArn = $"{region.FunctionArn(config.FunctionName)}:{config.Qualifier}",
            RequestedProvisionedConcurrentExecutions = config.Requested,
            AvailableProvisionedConcurrentExecutions = config.Available,
            AllocatedProvisionedConcurrentExecutions = config.Allocated,
            Status = ProvisionedConcurrencyConfigResponse.StatusName(config.Status),
            StatusReason = config.StatusReason,
            LastModified = ProvisionedConcurrencyConfigResponse.Time(config.LastModified),
        };
    }
}
