using Kumo.Gateway.Health;
using Kumo.Gateway.Http;
using Kumo.Gateway.Http.Auth;
using Kumo.Gateway.Http.Routing;
using Kumo.Gateway.Invocations;
using Kumo.Gateway.Lambda;
using Kumo.Gateway.S3;
using Kumo.Gateway.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway;

/// <summary>Registers the gateway's services and maps its endpoints.</summary>
public static class GatewayExtensions
{
    /// <summary>Adds what the gateway's endpoints need.</summary>
    public static IServiceCollection AddKumoGateway(this IServiceCollection services, GatewayOptions? options = null)
    {
        services.AddSingleton(options ?? new GatewayOptions());
        services.AddSingleton<RouteCache>();
        services.AddSingleton<HttpRateLimits>();
        services.AddSingleton<LambdaAuthorizer>();
        services.AddHttpClient(JwtAuthorizer.JwksClientName);
        services.AddSingleton<JwtAuthorizer>();
        services.AddSingleton<HttpFunctionHandler>();
        services.AddSingleton<StreamingResponder>();
        services.AddSingleton<StaticRouteHandler>();
        services.AddHealthChecks().AddCheck<PlatformReadinessCheck>("platform");
        return services;
    }

    /// <summary>
    /// Serves function URLs and apps' routes (by host or by path prefix) ahead of Kumo's own endpoints. Call it
    /// before <see cref="MapKumoGateway"/>.
    /// </summary>
    public static IApplicationBuilder UseKumoHttpFunctions(this IApplicationBuilder app) => app.UseMiddleware<HttpFunctionMiddleware>();

    /// <summary>
    /// Serves the S3 API over the <see cref="Kumo.Abstractions.Objects.IObjectStore"/>, for requests to
    /// <c>s3.localhost</c>, <c>{bucket}.s3.localhost</c> or signed (SigV4) for the service <c>s3</c>, ahead of
    /// Kumo's own endpoints. Call it before <see cref="MapKumoGateway"/>.
    /// </summary>
    public static IApplicationBuilder UseKumoS3(this IApplicationBuilder app) => app.UseMiddleware<S3Middleware>();

    /// <summary>
    /// Serves buckets' static websites at <c>{bucket}.s3-website.localhost</c> and <c>/_kumo/site/{bucket}/</c>, ahead of
    /// Kumo's own endpoints. Call it before <see cref="MapKumoGateway"/>.
    /// </summary>
    public static IApplicationBuilder UseKumoWebsites(this IApplicationBuilder app) => app.UseMiddleware<WebsiteMiddleware>();

    /// <summary>
    /// Closes Kumo's control plane to functions calling from inside their sandboxes (see <see cref="SandboxCallerLimits"/>).
    /// Call it after <see cref="UseKumoS3"/>, <see cref="UseKumoWebsites"/> and <see cref="UseKumoHttpFunctions"/>, and
    /// before <see cref="MapKumoGateway"/>.
    /// </summary>
    public static IApplicationBuilder UseKumoSandboxCallerLimits(this IApplicationBuilder app) => app.UseMiddleware<SandboxCallerLimits>();

    /// <summary>Maps every HTTP surface of the gateway.</summary>
    public static IEndpointRouteBuilder MapKumoGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<GatewayOptions>();
        var server = endpoints.ServiceProvider.GetService<IServer>();
        // The cleartext port: addresses handed out are http://, also when an HTTPS port listens beside it.
        options.ListeningPort ??= () => server?.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp ? uri.Port : (int?)null)
            .FirstOrDefault(port => port is > 0);
        HealthEndpoint.Map(endpoints);
        StatusEndpoint.Map(endpoints);
        LambdaApi.Map(endpoints);
        InvocationsApi.Map(endpoints);
        NotFoundEndpoint.Map(endpoints);
        return endpoints;
    }
}
