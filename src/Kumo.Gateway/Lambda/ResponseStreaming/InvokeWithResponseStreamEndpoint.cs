using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Invoke;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.ResponseStreaming;

/// <summary>
/// <c>InvokeWithResponseStream</c>: <c>POST /2021-11-15/functions/{name}/response-streaming-invocations</c>. The answer
/// is an event stream: <c>PayloadChunk</c> events with the function's bytes as it writes them, then one
/// <c>InvokeComplete</c> with <c>ErrorCode</c> and <c>ErrorDetails</c> when it failed and <c>LogResult</c> when the
/// log was asked for. A function that does not stream answers in one <c>PayloadChunk</c>.
/// </summary>
internal static class InvokeWithResponseStreamEndpoint
{
    private const string EventStreamContentType = "application/vnd.amazon.eventstream";

    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapPost("/2021-11-15/functions/{functionName}/response-streaming-invocations", InvokeAsync).WithName("Lambda.InvokeWithResponseStream");

    private static async Task InvokeAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IStreamingInvoker invoker,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var function, out var nameError))
        {
            await nameError.ExecuteAsync(context);
            return;
        }

        if (!InvokeOptions.TryRead(context.Request.Headers, out var options, out var optionsError))
        {
            await optionsError.ExecuteAsync(context);
            return;
        }

        if (options.Type == InvocationType.Event)
        {
            await LambdaErrors.InvalidParameter("InvokeWithResponseStream takes InvocationType RequestResponse or DryRun, not Event: use Invoke for asynchronous invocations.").ExecuteAsync(context);
            return;
        }

        if (await RequestBody.ReadAsync(context.Request, InvokeEndpoint.PayloadLimit, context.RequestAborted) is not { } payload)
        {
            await LambdaErrors.RequestTooLarge(InvokeEndpoint.PayloadLimit, "InvokeWithResponseStream").ExecuteAsync(context);
            return;
        }

        if (options.Type == InvocationType.DryRun)
        {
            var exists = function.Qualifier is null or FunctionNameParser.Latest
                && await catalog.GetAsync(Tenants.Default, function.Name, context.RequestAborted) is not null;
            await (exists ? Results.NoContent() : LambdaErrors.FunctionNotFound(function.Arn(region))).ExecuteAsync(context);
            return;
        }

        var requestId = Guid.NewGuid().ToString();
        var invocation = invoker.InvokeStreaming(
            new InvokeRequest
            {
                RequestId = requestId,
                TenantId = Tenants.Default,
                FunctionName = function.Name,
                Qualifier = function.Qualifier,
                Payload = payload,
                Trigger = InvocationTriggers.Api,
                AmznTraceId = options.AmznTraceId,
                TraceParent = options.TraceParent,
                ClientContext = options.ClientContext,
            },
            context.RequestAborted);
        await using var body = invocation.Body;
        try
        {
            await AnswerAsync(context, invocation, requestId, options, function, region);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; the invocation still ends and is recorded.
        }
    }

    private static async Task AnswerAsync(HttpContext context, StreamingInvocation invocation, string requestId, InvokeOptions options, FunctionReference function, PlatformRegion region)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        var contentType = await invocation.Started.WaitAsync(aborted);
        if (contentType is null)
        {
            // Nothing was streamed: a refusal is an ordinary error answer, a buffered result one chunk.
            var result = await invocation.Completion.WaitAsync(aborted);
            if (result.Status != InvokeStatus.Completed)
            {
                await InvokeResponses.From(result, options, function, region, response).ExecuteAsync(context);
                return;
            }

            StartEventStream(response, result.RequestId, result.ExecutedVersion);
            if (result.FunctionError is { } functionError)
            {
                response.Headers[LambdaHeaders.FunctionError] = functionError;
            }

            await response.StartAsync(aborted);
            if (result.FunctionError is null && !result.Payload.IsEmpty)
            {
                await WriteAsync(response, EventStreamMessage.Event("PayloadChunk", "application/octet-stream", result.Payload.Span), aborted);
            }

            await WriteAsync(response, Complete(result, options), aborted);
            return;
        }

        StartEventStream(response, requestId, "$LATEST");
        await response.StartAsync(aborted);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await invocation.Body.ReadAsync(buffer, aborted)) > 0)
        {
            await WriteAsync(response, EventStreamMessage.Event("PayloadChunk", "application/octet-stream", buffer.AsSpan(0, read)), aborted);
        }

        var outcome = await invocation.Completion.WaitAsync(aborted);
        await WriteAsync(response, Complete(outcome, options), aborted);
    }

    private static void StartEventStream(HttpResponse response, string? requestId, string executedVersion)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = EventStreamContentType;
        response.Headers[LambdaHeaders.ExecutedVersion] = executedVersion;
        if (requestId is { Length: > 0 })
        {
            response.Headers[LambdaHeaders.RequestId] = requestId;
        }
    }

    /// <summary>The <c>InvokeComplete</c> event: the error when the function failed, the log's tail when asked for.</summary>
    private static byte[] Complete(InvokeResult result, InvokeOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (result.Status != InvokeStatus.Completed || result.FunctionError is not null)
            {
                json.WriteString("ErrorCode", ErrorTypeOf(result));
                json.WriteString("ErrorDetails", result.Payload.IsEmpty ? result.Message ?? "" : System.Text.Encoding.UTF8.GetString(result.Payload.Span));
            }

            if (options.TailLog)
            {
                json.WriteString("LogResult", LogTail.Encode(result.Log));
            }

            json.WriteEndObject();
        }

        return EventStreamMessage.Event("InvokeComplete", "application/json", buffer.ToArray());
    }

    /// <summary>The failed function's error type, from its error document; <c>Unhandled</c> when it has none.</summary>
    private static string ErrorTypeOf(InvokeResult result)
    {
        if (result.Status != InvokeStatus.Completed)
        {
            return result.Status.ToString();
        }

        try
        {
            using var document = JsonDocument.Parse(result.Payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorType", out var type) && type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return result.FunctionError ?? "Unhandled";
    }

    private static async Task WriteAsync(HttpResponse response, byte[] message, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(message, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
