using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.Lambda.Invoke;

/// <summary><c>Invoke</c>: <c>POST /2015-03-31/functions/{name}/invocations</c>: synchronous, asynchronous (<c>Event</c>) or dry run.</summary>
internal static class InvokeEndpoint
{
    /// <summary>Lambda's limit for a synchronous invocation's payload: 6 MB.</summary>
    public const long PayloadLimit = 6_291_456;

    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapPost("/2015-03-31/functions/{functionName}/invocations", InvokeAsync).WithName("Lambda.Invoke");

    private static async Task<IResult> InvokeAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IInvoker invoker,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var function, out var nameError))
        {
            return nameError;
        }

        if (!InvokeOptions.TryRead(context.Request.Headers, out var options, out var optionsError))
        {
            return optionsError;
        }

        if (await RequestBody.ReadAsync(context.Request, PayloadLimit, context.RequestAborted) is not { } payload)
        {
            return LambdaErrors.RequestTooLarge(PayloadLimit, "InvokeFunction");
        }

        if (options.Type == InvocationType.Event)
        {
            return await EnqueueAsync(context, function, options, payload, region);
        }

        if (options.Type == InvocationType.DryRun)
        {
            var exists = function.Qualifier is null or FunctionNameParser.Latest
                && await catalog.GetAsync(Tenants.Default, function.Name, context.RequestAborted) is not null;
            return exists ? Results.NoContent() : LambdaErrors.FunctionNotFound(function.Arn(region));
        }

        var request = new InvokeRequest
        {
            TenantId = Tenants.Default,
            FunctionName = function.Name,
            Qualifier = function.Qualifier,
            Payload = payload,
            Trigger = InvocationTriggers.Api,
            AmznTraceId = options.AmznTraceId,
            TraceParent = options.TraceParent,
            ClientContext = options.ClientContext,
            IdempotencyKey = options.IdempotencyKey,
        };

        // The invoker finishes and records an admitted invocation even when the caller goes away; the token only
        // stops the waiting.
        var result = await invoker.InvokeAsync(request, context.RequestAborted);
        return InvokeResponses.From(result, options, function, region, context.Response);
    }

    /// <summary><c>InvocationType: Event</c>: written durably, then 202 with the request id; the function runs later.</summary>
    private static async Task<IResult> EnqueueAsync(
        HttpContext context, FunctionReference function, InvokeOptions options, ReadOnlyMemory<byte> payload, PlatformRegion region)
    {
        var events = context.RequestServices.GetRequiredService<IEventInvoker>();
        var acceptance = await events.EnqueueAsync(
            new InvokeRequest
            {
                TenantId = Tenants.Default,
                FunctionName = function.Name,
                Qualifier = function.Qualifier,
                Payload = payload,
                Trigger = InvocationTriggers.Async,
                AmznTraceId = options.AmznTraceId,
                TraceParent = options.TraceParent,
                IdempotencyKey = options.IdempotencyKey,
            },
            context.RequestAborted);
        switch (acceptance.Status)
        {
            case EventAcceptanceStatus.Accepted:
                context.Response.Headers[LambdaHeaders.RequestId] = acceptance.RequestId;
                if (acceptance.Repeated)
                {
                    context.Response.Headers[InvokeOptions.ReplayedHeader] = "true";
                }

                return Results.StatusCode(StatusCodes.Status202Accepted);
            case EventAcceptanceStatus.IdempotencyConflict:
                return LambdaErrors.Conflict(acceptance.Message ?? "The Idempotency-Key belongs to another request.");
            case EventAcceptanceStatus.TooLarge:
                return LambdaErrors.RequestTooLarge(acceptance.PayloadLimit, "InvokeFunction (InvocationType Event)");
            default:
                return LambdaErrors.NotFound(acceptance.Message ?? $"Function not found: {function.Arn(region)}");
        }
    }
}
