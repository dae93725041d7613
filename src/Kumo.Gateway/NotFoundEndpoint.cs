using Kumo.Abstractions;
using Kumo.Abstractions.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway;

/// <summary>Answers a request that no surface takes with a 404 that names what was asked for.</summary>
internal static class NotFoundEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            var error = new ApiError(
                "NotFound",
                $"Kumo has nothing at {context.Request.Method} {context.Request.Path}. " +
                $"The server status is at GET {Status.StatusEndpoint.Path}.");
            return context.Response.WriteAsJsonAsync(error, KumoJsonContext.Default.ApiError, cancellationToken: context.RequestAborted);
        });
}
