using Kumo.Abstractions.Status;
using Kumo.Gateway.Lifecycle;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kumo.Gateway.Health;

/// <summary>Healthy once the platform can take invocations; unhealthy while it starts or stops.</summary>
internal sealed class PlatformReadinessCheck(PlatformLifecycle lifecycle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(lifecycle.State == PlatformState.Ready
            ? HealthCheckResult.Healthy("ready")
            : HealthCheckResult.Unhealthy(lifecycle.NotReadyReason));
}
