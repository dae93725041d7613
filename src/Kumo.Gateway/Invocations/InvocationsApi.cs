using Kumo.Abstractions.Api;
using Kumo.Abstractions.Status;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.Invocations;

/// <summary>The native API for functions, invocation records, logs, and apps' routes and settings, under <c>/_kumo/v1</c>.</summary>
internal static class InvocationsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("").AddEndpointFilter(RefuseWhileStartingAsync);
        api.MapGet(NativeApi.FunctionsPath, FunctionListEndpoint.GetAsync);
        api.MapGet(NativeApi.FunctionsPath + "/{name}/code", FunctionCodeEndpoint.GetAsync);
        api.MapGet(NativeApi.FunctionsPath + "/{name}" + NativeApi.KeepAliveSuffix, FunctionKeepAliveEndpoints.GetAsync);
        api.MapPut(NativeApi.FunctionsPath + "/{name}" + NativeApi.KeepAliveSuffix, FunctionKeepAliveEndpoints.PutAsync);
        api.MapPost(NativeApi.FunctionsPath + "/{name}" + NativeApi.InvokeSuffix, InvokeEndpoints.InvokeAsync).WithName(SandboxCallerLimits.NativeInvokeName);
        api.MapPost(NativeApi.FunctionsPath + "/{name}" + NativeApi.EventsSuffix, InvokeEndpoints.EnqueueAsync).WithName(SandboxCallerLimits.NativeEventsName);
        api.MapGet(NativeApi.InvocationsPath, InvocationListEndpoint.GetAsync);
        api.MapGet(NativeApi.InvocationsPath + "/{requestId}", InvocationDetailEndpoint.GetAsync);
        api.MapGet(NativeApi.LogsPath, LogsEndpoint.GetAsync);
        api.MapGet(NativeApi.DeadLettersPath, DeadLetterEndpoints.ListAsync);
        api.MapGet(NativeApi.BucketsPath, BucketListEndpoint.GetAsync);
        api.MapPost(NativeApi.DeadLettersPath + "/redrive", DeadLetterEndpoints.RedriveAsync);
        api.MapGet(NativeApi.RoutesPath, RouteEndpoints.ListAsync);
        api.MapPost(NativeApi.RoutesPath, RouteEndpoints.AddAsync);
        api.MapDelete(NativeApi.RoutesPath + "/{id}", RouteEndpoints.DeleteAsync);
        api.MapGet(NativeApi.AppsPath, AppEndpoints.ListAsync);
        api.MapGet(NativeApi.AppsPath + "/{app}", AppEndpoints.GetAsync);
        api.MapPut(NativeApi.AppsPath + "/{app}", AppEndpoints.PutAsync);
        api.MapDelete(NativeApi.AppsPath + "/{app}", AppEndpoints.DeleteAsync);
        api.MapGet(NativeApi.AppsPath + "/{app}" + NativeApi.KeysSuffix, AppEndpoints.ListKeysAsync);
        api.MapPost(NativeApi.AppsPath + "/{app}" + NativeApi.KeysSuffix, AppEndpoints.AddKeyAsync);
        api.MapDelete(NativeApi.AppsPath + "/{app}" + NativeApi.KeysSuffix + "/{id}", AppEndpoints.DeleteKeyAsync);
    }

    // Functions, records, logs, routes and apps live in storage, which start-up opens: until then there is nothing to read.
    private static async ValueTask<object?> RefuseWhileStartingAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var lifecycle = context.HttpContext.RequestServices.GetRequiredService<PlatformLifecycle>();
        return lifecycle.State == PlatformState.Starting
            ? NativeErrors.NotReady(lifecycle.NotReadyReason)
            : await next(context);
    }
}
