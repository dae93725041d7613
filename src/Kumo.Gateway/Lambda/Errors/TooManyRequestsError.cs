using System.Globalization;
using Kumo.Abstractions.Invocations;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda.Errors;

/// <summary>A throttled invocation: 429 <c>TooManyRequestsException</c> with the limit hit and when to retry.</summary>
internal sealed class TooManyRequestsError(ThrottleReason reason, int retryAfterSeconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var retryAfter = Math.Max(retryAfterSeconds, 1).ToString(CultureInfo.InvariantCulture);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers[LambdaHeaders.ErrorType] = "TooManyRequestsException";
        response.Headers[LambdaHeaders.RetryAfter] = retryAfter;
        LambdaHeaders.EnsureRequestId(response);
        var body = new TooManyRequestsBody(LambdaError.UserFault, "Rate Exceeded.", reason.ToString(), retryAfter);
        return response.WriteAsJsonAsync(body, LambdaJsonContext.Default.TooManyRequestsBody, "application/json", httpContext.RequestAborted);
    }
}
