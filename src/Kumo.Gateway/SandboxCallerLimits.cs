using Kumo.Abstractions.Functions;
using Kumo.Gateway.Health;
using Kumo.Gateway.Lambda.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway;

/// <summary>
/// What a function may ask of Kumo from inside its sandbox (a request on a <see cref="SandboxCaller"/> connection)
/// beyond object storage, apps' routes, function URLs and websites, which are served before this runs: invoking
/// functions (the Lambda API's <c>Invoke</c> and <c>InvokeWithResponseStream</c>, the native invoke and events
/// endpoints) and the health check. The rest — creating, changing, reading or deleting functions, routes, apps and
/// dead letters — is Kumo's control plane, which has no authentication yet: it stays closed to functions, with a
/// 403 that says so, rather than handing every function the whole server.
/// </summary>
internal sealed class SandboxCallerLimits(RequestDelegate next)
{
    /// <summary>The endpoints a function may call.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "Lambda.Invoke", "Lambda.InvokeWithResponseStream", NativeInvokeName, NativeEventsName,
    };

    /// <summary>The name of the native invoke endpoint.</summary>
    public const string NativeInvokeName = "Native.Invoke";

    /// <summary>The name of the native events endpoint.</summary>
    public const string NativeEventsName = "Native.Events";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<SandboxCaller>() is null
            || context.GetEndpoint() is not { } endpoint
            || context.Request.Path.StartsWithSegments(HealthEndpoint.Path, StringComparison.Ordinal)
            || (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name && Allowed.Contains(name)))
        {
            return next(context);
        }

        var request = context.Request;
        var message =
            $"Functions may not call {request.Method} {request.Path} from inside a sandbox: Kumo's control plane has no " +
            "authentication yet, so only object storage, apps' routes, function URLs and invoking functions are open to " +
            "them. Make this call from outside a sandbox (the kumo CLI, or the aws CLI against Kumo's port).";
        var isLambdaApi = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName?.StartsWith("Lambda.", StringComparison.Ordinal) == true
            || (request.Path.Value is { Length: > 11 } path && path[0] == '/' && char.IsAsciiDigit(path[1]) && path[5] == '-');
        return isLambdaApi
            ? new LambdaError(StatusCodes.Status403Forbidden, "AccessDeniedException", message).ExecuteAsync(context)
            : Results.Json(new { message }, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }
}
