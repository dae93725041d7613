using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Sandbox.Tests.Bootstraps;

/// <summary>
/// A small stand-in for the host's Runtime API on 127.0.0.1 (a random port), for running a bootstrap as a plain
/// host process: it serves the stem cell's hand-over (held until the test answers it, then 409), <c>/next</c> (one
/// queued event at a time), the answers and the init error, and stamps when each happened.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";

    private readonly WebApplication _app;
    private readonly TaskCompletionSource<long> _handOverRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(int Status, byte[] Body)> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RuntimeApiPost> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<(string RequestId, byte[] Payload)> _events = Channel.CreateUnbounded<(string, byte[])>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeApiPost>> _answers = new();
    private int _handOvers;

    private FakeRuntimeApi(WebApplication app)
    {
        _app = app;
        // Stamped before the endpoint runs, so that the fake's own first call of its /next endpoint is not counted.
        app.Use((context, next) =>
        {
            if (context.Request.Path == Prefix + "/invocation/next")
            {
                _firstNext.TrySetResult(Stopwatch.GetTimestamp());
            }

            return next(context);
        });
        app.MapGet(Prefix + "/kumo/specialization", HandOverAsync);
        app.MapGet(Prefix + "/invocation/next", NextAsync);
        app.MapPost(Prefix + "/invocation/{id}/response", (string id, HttpContext context) => AnsweredAsync(id, succeeded: true, context));
        app.MapPost(Prefix + "/invocation/{id}/error", (string id, HttpContext context) => AnsweredAsync(id, succeeded: false, context));
        app.MapPost(Prefix + "/init/error", async (HttpContext context) =>
        {
            _initError.TrySetResult(await PostOfAsync(context, succeeded: false));
            return Results.Accepted();
        });
    }

    /// <summary>host:port, as AWS_LAMBDA_RUNTIME_API names it.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Completes with a <see cref="Stopwatch"/> timestamp when the first hand-over request arrives.</summary>
    public Task<long> HandOverRequested => _handOverRequested.Task;

    /// <summary>Completes with a <see cref="Stopwatch"/> timestamp when the first <c>/next</c> arrives.</summary>
    public Task<long> FirstNext => _firstNext.Task;

    /// <summary>Completes when the runtime reports an init error.</summary>
    public Task<RuntimeApiPost> InitError => _initError.Task;

    /// <summary>When the hand-over's answer was written (a <see cref="Stopwatch"/> timestamp), 0 before.</summary>
    public long AnsweredAt { get; private set; }

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var api = new FakeRuntimeApi(builder.Build());
        await api._app.StartAsync();
        var address = api._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        api.Address = new Uri(address).Authority;
        return api;
    }

    /// <summary>Answers the hand-over (now, or as soon as it is asked) with the function and its complete environment.</summary>
    public void AnswerHandOver(string handler, IReadOnlyDictionary<string, string> environment) =>
        AnswerHandOver(JsonSerializer.SerializeToUtf8Bytes(new
        {
            functionName = environment.GetValueOrDefault("AWS_LAMBDA_FUNCTION_NAME", "f"),
            functionVersion = "$LATEST",
            functionArn = "arn:aws:lambda:us-east-1:000000000000:function:f",
            handler,
            memoryMb = 128,
            initializationType = "on-demand",
            environment,
            command = Array.Empty<string>(),
        }));

    /// <summary>Answers the hand-over with this body, as is.</summary>
    public void AnswerHandOver(byte[] body) => _answer.SetResult((StatusCodes.Status200OK, body));

    /// <summary>Refuses the hand-over, as the host answers a sandbox that was specialised already.</summary>
    public void RefuseHandOver() =>
        _answer.SetResult((StatusCodes.Status409Conflict, """{"errorType":"Kumo.AlreadySpecialized","errorMessage":"this sandbox was specialised already"}"""u8.ToArray()));

    /// <summary>Queues an event for <c>/next</c> and waits for the runtime's answer to it.</summary>
    public async Task<RuntimeApiPost> InvokeAsync(object payload, TimeSpan deadline)
    {
        var requestId = Guid.NewGuid().ToString();
        var answered = _answers.GetOrAdd(requestId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        await _events.Writer.WriteAsync((requestId, JsonSerializer.SerializeToUtf8Bytes(payload)));
        return await answered.Task.WaitAsync(deadline);
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        _answer.TrySetCanceled();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<RuntimeApiPost> PostOfAsync(HttpContext context, bool succeeded)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        return new RuntimeApiPost(succeeded, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString());
    }

    private async Task HandOverAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _handOvers) > 1)
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsJsonAsync(new { errorType = "Kumo.AlreadySpecialized", errorMessage = "this sandbox was specialised already" });
            return;
        }

        _handOverRequested.TrySetResult(Stopwatch.GetTimestamp());
        var (status, body) = await _answer.Task.WaitAsync(context.RequestAborted);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        AnsweredAt = Stopwatch.GetTimestamp();
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task NextAsync(HttpContext context)
    {
        var (requestId, payload) = await _events.Reader.ReadAsync(context.RequestAborted);
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = requestId;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:f";
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = payload.Length;
        await context.Response.Body.WriteAsync(payload, context.RequestAborted);
    }

    private async Task<IResult> AnsweredAsync(string requestId, bool succeeded, HttpContext context)
    {
        var post = await PostOfAsync(context, succeeded);
        _answers.GetOrAdd(requestId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(post);
        return Results.Accepted();
    }
}
