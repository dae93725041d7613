using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda.Invoke;

/// <summary>The answer to an invocation, by what became of it.</summary>
internal static class InvokeResponses
{
    public static IResult From(InvokeResult result, InvokeOptions options, FunctionReference function, PlatformRegion region, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(response);
        if (result.RequestId.Length > 0)
        {
            response.Headers[LambdaHeaders.RequestId] = result.RequestId;
        }

        return result.Status switch
        {
            InvokeStatus.Completed => Completed(result, options, response),
            InvokeStatus.Throttled => new TooManyRequestsError(
                result.ThrottleReason ?? ThrottleReason.ConcurrentInvocationLimitExceeded, result.RetryAfterSeconds),
            InvokeStatus.IdempotencyConflict => LambdaErrors.Conflict(result.Message ?? "The Idempotency-Key belongs to another request."),
            InvokeStatus.NotReady => LambdaErrors.Conflict(
                result.Message ?? "The operation cannot be performed at this time: the function is not ready to be invoked."),
            InvokeStatus.NotFound => result.Message is { } message
                ? LambdaErrors.NotFound(message)
                : LambdaErrors.FunctionNotFound(function.Arn(region)),
            _ => LambdaErrors.Service(result.Message ?? "Kumo could not run the invocation."),
        };
    }

    private static IResult Completed(InvokeResult result, InvokeOptions options, HttpResponse response)
    {
        response.Headers[LambdaHeaders.ExecutedVersion] = result.ExecutedVersion;
        if (result.Replayed)
        {
            response.Headers[InvokeOptions.ReplayedHeader] = "true";
        }

        if (result.FunctionError is { } functionError)
        {
            response.Headers[LambdaHeaders.FunctionError] = functionError;
        }

        if (options.TailLog)
        {
            response.Headers[LambdaHeaders.LogResult] = LogTail.Encode(result.Log);
        }

        return Results.Bytes(result.Payload, "application/json");
    }
}
