using Kumo.Abstractions.Invocations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Http;

/// <summary>
/// Answers a request to a function URL in <c>RESPONSE_STREAM</c> mode: the function's bytes go to the client as it
/// writes them (chunked). A streamed answer that starts with the <see cref="StreamingPrelude"/> gives the status,
/// headers and cookies; any other is a 200 with the content type the function set (<c>application/octet-stream</c>
/// by default). A function that does not stream has its whole result sent as the body. When the function fails
/// after the response has started, the connection is closed before the end of the chunked body, so the client
/// sees an incomplete response rather than a whole one.
/// </summary>
internal sealed partial class StreamingResponder(IStreamingInvoker invoker, ILogger<StreamingResponder> logger)
{
    private const string DefaultContentType = "application/octet-stream";

    /// <summary>
    /// Invokes and streams. <paramref name="answerFailure"/> answers an invocation that failed or was refused before
    /// anything was streamed, as for a buffered URL; <paramref name="deadline"/> fires when the client left or the
    /// URL's time is up.
    /// </summary>
    public async Task AnswerAsync(
        HttpContext context, InvokeRequest request, bool cors, CancellationToken deadline, Func<InvokeResult, Task> answerFailure, Func<Task> answerTimeout)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answerFailure);
        ArgumentNullException.ThrowIfNull(answerTimeout);
        var invocation = invoker.InvokeStreaming(request, deadline);
        await using var body = invocation.Body;
        string? contentType;
        try
        {
            contentType = await invocation.Started.WaitAsync(deadline);
            if (contentType is null)
            {
                var result = await invocation.Completion.WaitAsync(deadline);
                if (result.Status == InvokeStatus.Completed && result.FunctionError is null)
                {
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Response.ContentType = DefaultContentType;
                    await context.Response.Body.WriteAsync(result.Payload, deadline);
                }
                else
                {
                    await answerFailure(result);
                }

                return;
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await answerTimeout();
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await StreamAsync(context, invocation, request.RequestId ?? "", contentType, cors, deadline);
        }
        catch (OperationCanceledException)
        {
            // The client left, or the URL's time ran out mid-stream: the function still ends and is recorded.
            context.Abort();
        }
    }

    private async Task StreamAsync(HttpContext context, StreamingInvocation invocation, string requestId, string contentType, bool cors, CancellationToken deadline)
    {
        var response = context.Response;
        var buffer = new byte[16 * 1024];
        var pending = ReadOnlyMemory<byte>.Empty;
        if (string.Equals(contentType, StreamingPrelude.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            var (prelude, rest, problem) = await ReadPreludeAsync(invocation.Body, deadline);
            if (prelude is null)
            {
                LogBadPrelude(logger, requestId, problem!);
                await HttpAnswers.MessageAsync(context, StatusCodes.Status502BadGateway,
                    $"Internal Server Error: the function's streamed response could not be turned into an HTTP response ({problem}).");
                return;
            }

            response.StatusCode = prelude.StatusCode;
            foreach (var (name, value) in prelude.Headers.Where(h => !cors || !CorsPolicy.IsCorsHeader(h.Key)))
            {
                response.Headers.Append(name, value);
            }

            foreach (var cookie in prelude.Cookies)
            {
                response.Headers.Append("Set-Cookie", cookie);
            }

            pending = rest;
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
        }

        await response.StartAsync(deadline);
        if (!pending.IsEmpty)
        {
            await response.Body.WriteAsync(pending, deadline);
            await response.Body.FlushAsync(deadline);
        }

        int read;
        while ((read = await invocation.Body.ReadAsync(buffer, deadline)) > 0)
        {
            await response.Body.WriteAsync(buffer.AsMemory(0, read), deadline);
            await response.Body.FlushAsync(deadline);
        }

        var outcome = await invocation.Completion.WaitAsync(deadline);
        if (outcome.FunctionError is not null)
        {
            // Too late for a status: the client learns of the failure by the response breaking off.
            context.Abort();
        }
    }

    /// <summary>Reads up to the prelude's delimiter; the prelude, the body bytes read past it, or the problem.</summary>
    private static async Task<(StreamingPrelude? Prelude, ReadOnlyMemory<byte> BodyStart, string? Problem)> ReadPreludeAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[StreamingPrelude.MaxLength + StreamingPrelude.DelimiterLength];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
            var at = StreamingPrelude.FindDelimiter(buffer.AsSpan(0, filled));
            if (at >= 0)
            {
                var prelude = StreamingPrelude.Parse(buffer.AsSpan(0, at), out var problem);
                var restStart = at + StreamingPrelude.DelimiterLength;
                return (prelude, buffer.AsMemory(restStart, filled - restStart), problem);
            }
        }

        return (null, default, filled == 0
            ? "the function set the http-integration-response content type but wrote no prelude"
            : $"no prelude delimiter (8 NUL bytes) within the first {StreamingPrelude.MaxLength} bytes");
    }

    [LoggerMessage(EventId = HttpEventIds.BadStreamingPrelude, Level = LogLevel.Warning,
        Message = "A function's streamed response {RequestId} has a prelude Kumo cannot use: {Problem}")]
    private static partial void LogBadPrelude(ILogger logger, string requestId, string problem);
}
