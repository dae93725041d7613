using System.Text;
using Kumo.Sandbox.Invocations;
using Microsoft.AspNetCore.Http;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// A streamed <c>/response</c>: the runtime posts with <c>Lambda-Runtime-Function-Response-Mode: streaming</c> and a
/// chunked body, and reports an error that happens mid-stream in the trailers <c>Lambda-Runtime-Function-Error-Type</c>
/// and <c>Lambda-Runtime-Function-Error-Body</c> (base64 of the error document). For a streaming invocation the bytes
/// go on to its <see cref="StreamedResponse"/> as they arrive, up to <see cref="MaxStreamedResponseBytes"/>; for a
/// buffered one they are collected up to the usual 6 MB, as Lambda does when a streaming function is invoked with
/// <c>Invoke</c>.
/// </summary>
internal static class StreamedAnswer
{
    /// <summary>Lambda's (soft) limit on a streamed response: 20 MB.</summary>
    public const int MaxStreamedResponseBytes = 20 * 1024 * 1024;

    /// <summary>The header a runtime sets on a streamed answer.</summary>
    public const string ResponseModeHeader = "Lambda-Runtime-Function-Response-Mode";

    /// <summary>The trailer that names a mid-stream error's type.</summary>
    public const string ErrorTypeTrailer = "Lambda-Runtime-Function-Error-Type";

    /// <summary>The trailer that carries a mid-stream error's document, base64-encoded.</summary>
    public const string ErrorBodyTrailer = "Lambda-Runtime-Function-Error-Body";

    private const string DefaultContentType = "application/octet-stream";

    /// <summary>Whether the runtime streams this answer.</summary>
    public static bool IsStreamed(HttpRequest request) =>
        string.Equals(request.Headers[ResponseModeHeader].ToString(), "streaming", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the streamed answer to the invocation in progress <paramref name="requestId"/> and completes it.</summary>
    public static async Task ReceiveAsync(HttpContext context, SandboxSession session, string requestId)
    {
        var sink = session.Current?.Request.Response;
        if (sink is null)
        {
            await CollectAsync(context, session, requestId);
            return;
        }

        var request = context.Request;
        var contentType = string.IsNullOrEmpty(request.ContentType) ? DefaultContentType : request.ContentType;
        sink.Start(contentType);
        long total = 0;
        var reading = true;
        var chunk = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                total += read;
                if (total > MaxStreamedResponseBytes)
                {
                    await sink.CompleteAsync();
                    var tooLarge = new RuntimeOutcome(false, LambdaError.Create(
                        "Function.ResponseSizeTooLarge",
                        $"Response payload size exceeded maximum allowed payload size ({MaxStreamedResponseBytes} bytes) for a streamed response."), "Function.ResponseSizeTooLarge");
                    session.TryComplete(requestId, tooLarge);
                    await RuntimeApiServer.DiscardBodyAsync(context);
                    await RuntimeApiServer.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge",
                        $"Exceeded maximum allowed payload size ({MaxStreamedResponseBytes} bytes) for a streamed response.");
                    return;
                }

                // A reader that went away is not the function's fault: the rest is read and dropped.
                reading = reading && await sink.WriteAsync(chunk.AsMemory(0, read), context.RequestAborted);
            }
        }
        finally
        {
            // Also when the runtime's connection broke off mid-stream: whoever reads must not wait forever.
            await sink.CompleteAsync();
        }

        if (session.TryComplete(requestId, OutcomeOf(request, [])))
        {
            await RuntimeApiServer.AcceptedAsync(context);
            return;
        }

        await RuntimeApiServer.ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID", $"Invalid request ID: '{requestId}' is not the invocation in progress");
    }

    /// <summary>A streamed answer to a buffered invocation: collected as a whole, with the 6 MB limit of any answer.</summary>
    private static async Task CollectAsync(HttpContext context, SandboxSession session, string requestId)
    {
        var body = await RuntimeApiServer.ReadBodyAsync(context.Request, RuntimeApiServer.MaxResponseBytes);
        if (body is null)
        {
            var tooLarge = new RuntimeOutcome(false, LambdaError.Create(
                "Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({RuntimeApiServer.MaxResponseBytes} bytes)."), "Function.ResponseSizeTooLarge");
            if (session.TryComplete(requestId, tooLarge))
            {
                await RuntimeApiServer.DiscardBodyAsync(context);
                await RuntimeApiServer.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({RuntimeApiServer.MaxResponseBytes} bytes).");
                return;
            }
        }
        else if (session.TryComplete(requestId, OutcomeOf(context.Request, body)))
        {
            await RuntimeApiServer.AcceptedAsync(context);
            return;
        }

        await RuntimeApiServer.ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID", $"Invalid request ID: '{requestId}' is not the invocation in progress");
    }

    /// <summary>Success with <paramref name="body"/>, or the error the trailers report (read once the body has ended).</summary>
    internal static RuntimeOutcome OutcomeOf(HttpRequest request, byte[] body)
    {
        if (!request.CheckTrailersAvailable())
        {
            return new RuntimeOutcome(true, body, null);
        }

        var errorType = request.GetTrailer(ErrorTypeTrailer).ToString();
        var errorBody = request.GetTrailer(ErrorBodyTrailer).ToString();
        if (errorType.Length == 0 && errorBody.Length == 0)
        {
            return new RuntimeOutcome(true, body, null);
        }

        return RuntimeApiServer.ErrorOutcome(errorType, DecodeErrorBody(errorBody, errorType));
    }

    /// <summary>The error document of a trailer: base64 as Lambda's runtimes send it, or plain text from runtimes that do not encode it.</summary>
    internal static byte[] DecodeErrorBody(string trailer, string errorType)
    {
        if (trailer.Length == 0)
        {
            return LambdaError.Create(errorType.Length > 0 ? errorType : "Unhandled", "The function failed while streaming its response.");
        }

        var bytes = new byte[trailer.Length];
        return Convert.TryFromBase64String(trailer, bytes, out var written) ? bytes[..written] : Encoding.UTF8.GetBytes(trailer);
    }
}
