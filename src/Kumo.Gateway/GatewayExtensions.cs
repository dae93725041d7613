using Kumo.Gateway.Health;
using Kumo.Gateway.Invocations;
using Kumo.Gateway.Lambda;
using Kumo.Gateway.Status;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway;

/// <summary>Registers the gateway's services and maps its endpoints.</summary>
public static class GatewayExtensions
{
    /// <summary>Adds what the gateway's endpoints need.</summary>
    public static IServiceCollection AddKumoGateway(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<PlatformReadinessCheck>("platform");
        return services;
    }

    /// <summary>Maps every HTTP surface of the gateway.</summary>
    public static IEndpointRouteBuilder MapKumoGateway(this IEndpointRouteBuilder endpoints)
    {
        HealthEndpoint.Map(endpoints);
        StatusEndpoint.Map(endpoints);
        LambdaApi.Map(endpoints);
        InvocationsApi.Map(endpoints);
        NotFoundEndpoint.Map(endpoints);
        return endpoints;
    }
}
