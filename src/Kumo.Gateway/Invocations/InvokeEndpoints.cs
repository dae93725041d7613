using System.Globalization;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// Invoking through the native API: <c>POST /_kumo/v1/functions/{name}/invoke</c> runs the function and answers
/// with its result; <c>POST /_kumo/v1/functions/{name}/events</c> queues the event durably and answers 202 with its
/// request id. Both take an <c>Idempotency-Key</c> and the trace headers.
/// </summary>
internal static class InvokeEndpoints
{
    /// <summary>The largest synchronous payload, as on Lambda: 6 MB. Events have their own, smaller limit.</summary>
    public const long PayloadLimit = 6_291_456;

    private const string AmznTraceIdHeader = "X-Amzn-Trace-Id";
    private const string TraceParentHeader = "traceparent";

    public static async Task<IResult> InvokeAsync(string name, HttpContext context, [FromServices] IInvoker invoker)
    {
        if (Read(context.Request, out var key) is { } problem)
        {
            return problem;
        }

        if (await RequestBody.ReadAsync(context.Request, PayloadLimit, context.RequestAborted) is not { } payload)
        {
            return NativeErrors.TooLarge($"the payload is over {PayloadLimit} bytes, the limit of a synchronous invocation; send a smaller one.");
        }

        var result = await invoker.InvokeAsync(
            new InvokeRequest
            {
                TenantId = Tenants.Default,
                FunctionName = name,
                Payload = payload,
                Trigger = InvocationTriggers.Api,
                AmznTraceId = Header(context.Request, AmznTraceIdHeader),
                TraceParent = Header(context.Request, TraceParentHeader),
                IdempotencyKey = key,
            },
            context.RequestAborted);
        var headers = context.Response.Headers;
        if (result.RequestId.Length > 0)
        {
            headers[NativeApi.RequestIdHeader] = result.RequestId;
        }

        switch (result.Status)
        {
            case InvokeStatus.Completed:
                if (result.FunctionError is { } functionError)
                {
                    headers[NativeApi.FunctionErrorHeader] = functionError;
                }

                if (result.Replayed)
                {
                    headers[NativeApi.ReplayedHeader] = "true";
                }

                return Results.Bytes(result.Payload, "application/json");
            case InvokeStatus.Throttled:
                headers.RetryAfter = result.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return NativeErrors.Throttled(
                    $"function '{name}' is at its concurrency limit ({result.ThrottleReason}); try again in {result.RetryAfterSeconds} s.");
            case InvokeStatus.NotFound:
                return NativeErrors.Missing(result.Message ?? $"there is no function named '{name}'.");
            case InvokeStatus.NotReady:
            case InvokeStatus.IdempotencyConflict:
                return NativeErrors.Conflict(result.Message ?? $"function '{name}' cannot be invoked now.");
            default:
                return NativeErrors.Platform(result.Message ?? "Kumo could not run the invocation.");
        }
    }

    public static async Task<IResult> EnqueueAsync(string name, HttpContext context, [FromServices] IEventInvoker events)
    {
        if (Read(context.Request, out var key) is { } problem)
        {
            return problem;
        }

        if (await RequestBody.ReadAsync(context.Request, PayloadLimit, context.RequestAborted) is not { } payload)
        {
            return NativeErrors.TooLarge($"the event is over {PayloadLimit} bytes; send a smaller one.");
        }

        var acceptance = await events.EnqueueAsync(
            new InvokeRequest
            {
                TenantId = Tenants.Default,
                FunctionName = name,
                Payload = payload,
                Trigger = InvocationTriggers.Async,
                AmznTraceId = Header(context.Request, AmznTraceIdHeader),
                TraceParent = Header(context.Request, TraceParentHeader),
                IdempotencyKey = key,
            },
            context.RequestAborted);
        switch (acceptance.Status)
        {
            case EventAcceptanceStatus.Accepted:
                var location = $"{NativeApi.InvocationsPath}/{Uri.EscapeDataString(acceptance.RequestId!)}";
                if (acceptance.Repeated)
                {
                    context.Response.Headers[NativeApi.ReplayedHeader] = "true";
                }

                return Results.Json(
                    new EventAccepted(acceptance.RequestId!, acceptance.Repeated, location),
                    KumoJsonContext.Default.EventAccepted,
                    statusCode: StatusCodes.Status202Accepted);
            case EventAcceptanceStatus.TooLarge:
                return NativeErrors.TooLarge(acceptance.Message ?? $"the event is over {acceptance.PayloadLimit} bytes; send a smaller one.");
            case EventAcceptanceStatus.IdempotencyConflict:
                return NativeErrors.Conflict(acceptance.Message ?? "the Idempotency-Key belongs to another request; use a new key.");
            default:
                return NativeErrors.Missing(acceptance.Message ?? $"there is no function named '{name}'.");
        }
    }

    /// <summary>Reads the idempotency key; a 400 answer when it is not 1 to 256 characters.</summary>
    private static IResult? Read(HttpRequest request, out string? key)
    {
        key = Header(request, NativeApi.IdempotencyKeyHeader);
        return key is { Length: 0 or > NativeApi.MaxIdempotencyKeyLength }
            ? NativeErrors.BadRequest([$"the {NativeApi.IdempotencyKeyHeader} header must be 1 to {NativeApi.MaxIdempotencyKeyLength} characters"])
            : null;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
