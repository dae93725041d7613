namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>The body of <c>PutProvisionedConcurrencyConfig</c>.</summary>
internal sealed record ProvisionedConcurrencyRequest
{
    /// <summary>How many sandboxes to keep initialised and ready, at least 1.</summary>
    public int? ProvisionedConcurrentExecutions { get; init; }
}
