using System.Globalization;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>
/// A provisioned concurrency setting as <c>PutProvisionedConcurrencyConfig</c> and <c>GetProvisionedConcurrencyConfig</c>
/// answer it: how many sandboxes are asked for, made (allocated) and ready (available), and the status.
/// </summary>
internal sealed record ProvisionedConcurrencyConfigResponse
{
    public required int RequestedProvisionedConcurrentExecutions { get; init; }

    public required int AvailableProvisionedConcurrentExecutions { get; init; }

    public required int AllocatedProvisionedConcurrentExecutions { get; init; }

    /// <summary><c>IN_PROGRESS</c>, <c>READY</c> or <c>FAILED</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why the status is <c>FAILED</c>; left out when there is nothing to say.</summary>
    public string? StatusReason { get; init; }

    /// <summary>When the setting was last put, as Lambda writes it: <c>2024-01-02T03:04:05.000+0000</c>.</summary>
    public required string LastModified { get; init; }

    public static ProvisionedConcurrencyConfigResponse From(ProvisionedConcurrencyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new()
        {
            RequestedProvisionedConcurrentExecutions = config.Requested,
            AvailableProvisionedConcurrentExecutions = config.Available,
            AllocatedProvisionedConcurrentExecutions = config.Allocated,
            Status = StatusName(config.Status),
            StatusReason = config.StatusReason,
            LastModified = Time(config.LastModified),
        };
    }

    /// <summary>Lambda's name of a status.</summary>
    public static string StatusName(ProvisionedConcurrencyStatus status) => status switch
    {
        ProvisionedConcurrencyStatus.Ready => "READY",
        ProvisionedConcurrencyStatus.Failed => "FAILED",
        _ => "IN_PROGRESS",
    };

    /// <summary>A time as Lambda writes a configuration's <c>LastModified</c>: ISO 8601, milliseconds, <c>+0000</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
}
