using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Status;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.Health;

/// <summary><c>GET /healthz</c>: 200 when the platform takes invocations, 503 while it starts or stops.</summary>
internal static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteAsync });

    private static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        var lifecycle = context.RequestServices.GetRequiredService<PlatformLifecycle>();
        var state = lifecycle.State;
        var body = new HealthStatus(
            JsonNamingPolicy.CamelCase.ConvertName(state.ToString()),
            state == PlatformState.Ready ? null : lifecycle.NotReadyReason);
        return context.Response.WriteAsJsonAsync(body, KumoJsonContext.Default.HealthStatus, cancellationToken: context.RequestAborted);
    }
}
