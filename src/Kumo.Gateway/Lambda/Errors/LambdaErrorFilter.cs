using Kumo.Abstractions.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Lambda.Errors;

/// <summary>
/// Gives every Lambda API answer a request id and turns failures into Lambda errors: the catalog's refusals into
/// their exception types, anything unexpected into a logged <c>ServiceException</c>.
/// </summary>
internal sealed class LambdaErrorFilter(ILogger<LambdaErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers[LambdaHeaders.RequestId] = requestId;
        try
        {
            return await next(context);
        }
        catch (FunctionRequestException refusal)
        {
            return LambdaErrors.From(refusal);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is no one to answer.
            return Results.Empty;
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            LambdaLog.RequestFailed(logger, http.Request.Method, http.Request.Path.ToString(), requestId, e);
            return LambdaErrors.Service($"Kumo could not complete the request {requestId}; the server log says why.");
        }
    }
}
