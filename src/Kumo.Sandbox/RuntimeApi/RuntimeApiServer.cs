using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// The Lambda Runtime API (2018-06-01), served on a Unix socket that every sandbox sees at
/// <c>/run/kumo/runtime.sock</c>; kumo-init relays the runtime's <c>127.0.0.1:9001</c> to it.
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    /// <summary>Lambda's limit on a response: 6 MB.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private const string SessionKey = "kumo.sandbox-session";
    private const string Prefix = "/2018-06-01/runtime";

    private readonly WebApplication _app;

    private RuntimeApiServer(WebApplication app) => _app = app;

    public static async Task<RuntimeApiServer> StartAsync(string socketPath, SandboxRegistry registry, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(socketPath)!);
        File.Delete(socketPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Kumo.RuntimeApi", Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Bodies are limited here, not by Kestrel: an oversized answer must still be read to its end, so that
            // the runtime sees the 413 instead of a connection reset mid-upload.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.ListenUnixSocket(socketPath, listen => listen.Use(next => async connection =>
            {
                if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket
                    || await PeerSandbox.IdentifyAsync(socket, registry, connection.ConnectionClosed) is not { } session)
                {
                    // Not a sandbox's kumo-init: served, so that it learns why (403), but never as a sandbox.
                    await next(connection);
                    return;
                }

                if (!session.RuntimeApiConnections.TryOpen())
                {
                    connection.Abort();
                    return;
                }

                try
                {
                    connection.Items[SessionKey] = session;
                    await next(connection);
                }
                finally
                {
                    session.RuntimeApiConnections.Close();
                }
            }));
        });
        var app = builder.Build();
        app.MapGet($"{Prefix}/invocation/next", NextAsync);
        app.MapPost($"{Prefix}/invocation/{{requestId}}/response", (HttpContext c, string requestId) => CompleteAsync(c, requestId, succeeded: true));
        app.MapPost($"{Prefix}/invocation/{{requestId}}/error", (HttpContext c, string requestId) => CompleteAsync(c, requestId, succeeded: false));
        app.MapPost($"{Prefix}/init/error", InitErrorAsync);
        app.MapGet($"{Prefix}/kumo/specialization", HandOverAsync);
        await app.StartAsync(cancellationToken);
        // Functions run as an unprivileged user: they must be able to connect.
        SocketFolder.OpenToSandboxes(socketPath);
        return new RuntimeApiServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static SandboxSession? SessionOf(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(SessionKey, out var session) == true
            ? session as SandboxSession
            : null;

    /// <summary>
    /// A stem cell's hand-over: waits until the host has mounted the function's code and hands over its
    /// environment; once per sandbox (409 after, and for a sandbox started for its function).
    /// </summary>
    private static async Task HandOverAsync(HttpContext context)
    {
        if (SessionOf(context) is not { } session)
        {
            await ForbiddenAsync(context);
            return;
        }

        byte[]? message;
        try
        {
            message = session.HandOver is { } handOver ? await handOver.AwaitAsync(context.RequestAborted) : null;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (message is null)
        {
            await ErrorAsync(context, StatusCodes.Status409Conflict, "Kumo.AlreadySpecialized", session.HandOver is null
                ? $"sandbox {session.SandboxId} was started for its function: there is nothing to hand over"
                : $"sandbox {session.SandboxId} has been handed its function already: the hand-over is answered once");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = message.Length;
        await context.Response.Body.WriteAsync(message, context.RequestAborted);
    }

    /// <summary>
    /// The session of the sandbox that sent the request, when it may use the rest of the Runtime API; else answers
    /// 403 and returns null: a connection from outside any sandbox, or a stem cell that has not been handed its function.
    /// </summary>
    private static async Task<SandboxSession?> RuntimeOfAsync(HttpContext context)
    {
        if (SessionOf(context) is not { } session)
        {
            await ForbiddenAsync(context);
            return null;
        }

        if (session.AwaitsHandOver)
        {
            await DiscardBodyAsync(context);
            await ErrorAsync(context, StatusCodes.Status403Forbidden, "Kumo.NotSpecialized", $"sandbox {session.SandboxId} is a stem cell without a function yet: it may only wait for its hand-over ({Prefix}/kumo/specialization)");
            return null;
        }

        return session;
    }

    private static async Task NextAsync(HttpContext context)
    {
        if (await RuntimeOfAsync(context) is not { } session)
        {
            return;
        }

        PendingInvocation next;
        try
        {
            next = await session.NextAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var response = context.Response;
        var request = next.Request;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = request.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = next.FunctionArn;
        if (request.TraceId is { } trace)
        {
            response.Headers["Lambda-Runtime-Trace-Id"] = trace;
        }

        if (request.ClientContext is { } clientContext)
        {
            response.Headers["Lambda-Runtime-Client-Context"] = clientContext;
        }

        if (request.CognitoIdentity is { } identity)
        {
            response.Headers["Lambda-Runtime-Cognito-Identity"] = identity;
        }

        response.ContentLength = request.Payload.Length;
        await response.Body.WriteAsync(request.Payload, context.RequestAborted);
    }

    private static async Task CompleteAsync(HttpContext context, string requestId, bool succeeded)
    {
        if (await RuntimeOfAsync(context) is not { } session)
        {
            return;
        }

        if (session.Current?.Request.RequestId != requestId)
        {
            // Rejected without keeping the body: a sandbox cannot make Kumo buffer bodies it will throw away.
            await DiscardBodyAsync(context);
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID", $"Invalid request ID: '{requestId}' is not the invocation in progress");
            return;
        }

        if (succeeded && StreamedAnswer.IsStreamed(context.Request))
        {
            await StreamedAnswer.ReceiveAsync(context, session, requestId);
            return;
        }

        var body = await ReadBodyAsync(context.Request, MaxResponseBytes);
        RuntimeOutcome outcome;
        if (body is null)
        {
            outcome = new RuntimeOutcome(false, Invocations.LambdaError.Create(
                "Function.ResponseSizeTooLarge",
                $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes)."), "Function.ResponseSizeTooLarge");
            if (session.TryComplete(requestId, outcome))
            {
                await DiscardBodyAsync(context);
                await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");
                return;
            }
        }
        else
        {
            outcome = succeeded ? new RuntimeOutcome(true, body, null) : ErrorOutcome(context.Request, body);
            if (session.TryComplete(requestId, outcome))
            {
                await AcceptedAsync(context);
                return;
            }
        }

        await ErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID", $"Invalid request ID: '{requestId}' is not the invocation in progress");
    }

    private static async Task InitErrorAsync(HttpContext context)
    {
        if (await RuntimeOfAsync(context) is not { } session)
        {
            return;
        }

        var body = await ReadBodyAsync(context.Request, MaxResponseBytes) ?? Invocations.LambdaError.Create("Runtime.InitError", "init error too large to report");
        session.ReportInitError(ErrorOutcome(context.Request, body));
        await AcceptedAsync(context);
    }

    /// <summary>An error as the runtime reported it; a body that is not Lambda's JSON error document is wrapped in one.</summary>
    internal static RuntimeOutcome ErrorOutcome(HttpRequest request, byte[] body) =>
        ErrorOutcome(request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), body);

    /// <summary>An error of type <paramref name="headerType"/> (may be empty); a body that is not Lambda's JSON error document is wrapped in one.</summary>
    internal static RuntimeOutcome ErrorOutcome(string headerType, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var bodyType = document.RootElement.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                return new RuntimeOutcome(false, body, bodyType ?? (headerType.Length > 0 ? headerType : "Unhandled"));
            }
        }
        catch (JsonException)
        {
        }

        var type = headerType.Length > 0 ? headerType : "Unhandled";
        return new RuntimeOutcome(false, Invocations.LambdaError.Create(type, System.Text.Encoding.UTF8.GetString(body)), type);
    }

    /// <summary>Reads the body, or returns null when it is longer than <paramref name="limit"/>.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads the rest of a body without keeping it, so the runtime can finish sending and read the answer; a body
    /// longer than twice the response limit is not worth reading, and its connection is cut instead.
    /// </summary>
    internal static async Task DiscardBodyAsync(HttpContext context)
    {
        var chunk = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            total += read;
            if (total > 2L * MaxResponseBytes)
            {
                context.Abort();
                return;
            }
        }
    }

    internal static Task AcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"status":"OK"}""", context.RequestAborted);
    }

    private static Task ForbiddenAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "this connection does not come from a Kumo sandbox");

    internal static Task ErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(Invocations.LambdaError.Create(errorType, message), context.RequestAborted).AsTask();
    }
}
