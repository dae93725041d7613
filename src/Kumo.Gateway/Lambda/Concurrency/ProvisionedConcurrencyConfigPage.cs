namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>The answer of <c>ListProvisionedConcurrencyConfigs</c>: one page, and where the next one starts.</summary>
internal sealed record ProvisionedConcurrencyConfigPage(
    IReadOnlyList<ProvisionedConcurrencyConfigListItem> ProvisionedConcurrencyConfigs, string? NextMarker);
