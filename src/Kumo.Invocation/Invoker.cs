using System.Collections.Concurrent;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Storage;
using Kumo.Core.Invocations;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Placement;
using Kumo.Invocation.Records;
using Kumo.Invocation.Worker;
using Kumo.Sandbox.Code;
using Kumo.Sandbox.Invocations;
using Kumo.Sandbox.RuntimeApi;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation;

/// <summary>
/// Runs synchronous invocations: resolve the function, admit it (the node's slots, then the function's coordinator),
/// place it on a warm sandbox or a new one, run it, hand the sandbox back, and record it with its log. Once admitted,
/// an invocation runs and is recorded to the end even if its caller leaves.
/// </summary>
internal sealed partial class Invoker(
    IFunctionStore functions,
    FunctionActivation activation,
    IGrainFactory grains,
    NodeWorker worker,
    CodeCache codeCache,
    ICodePackageStore packages,
    InvocationRecorder recorder,
    FunctionsOptions options,
    PlatformRegion region,
    TimeProvider time,
    ILogger<Invoker> logger) : IInvoker, IStreamingInvoker
{
    private const string Latest = "$LATEST";

    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly SandboxSpecs _specs = new(codeCache, packages, region);

    public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Not bound to the caller: a caller that goes away stops waiting, the invocation still ends and is recorded.
        var run = RunAsync(request, null);
        Track(run);
        return run.WaitAsync(cancellationToken);
    }

    public StreamingInvocation InvokeStreaming(InvokeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new StreamedResponse();
        var run = RunStreamingAsync(request, response);
        Track(run);
        return new StreamingInvocation(StartedAsync(response.Started, run), response.Body, run.WaitAsync(cancellationToken));
    }

    /// <summary>Runs a streaming invocation; its body ends however the invocation ends (also refused, timed out or crashed).</summary>
    private async Task<InvokeResult> RunStreamingAsync(InvokeRequest request, StreamedResponse response)
    {
        try
        {
            return await RunAsync(request, response);
        }
        finally
        {
            await response.CompleteAsync();
        }
    }

    /// <summary>The streamed answer's content type once the runtime starts streaming; null when the invocation ended without streaming.</summary>
    private static async Task<string?> StartedAsync(Task<string> started, Task run)
    {
        await Task.WhenAny(started, run);
        return started.IsCompletedSuccessfully ? await started : null;
    }

    /// <summary>Counts <paramref name="work"/> among the running invocations the drain waits for, until it ends.</summary>
    public void Track(Task work)
    {
        _running.TryAdd(work, 0);
        _ = work.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until every invocation running now has ended and been recorded, or the token fires.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => Task.WhenAll(_running.Keys.ToList()).WaitAsync(cancellationToken);

    private async Task<InvokeResult> RunAsync(InvokeRequest request, StreamedResponse? response)
    {
        var arrived = time.GetUtcNow();
        var timeline = new InvocationTimeline(time, arrived);
        var function = await functions.GetAsync(request.TenantId, request.FunctionName, CancellationToken.None);
        if (function is null || (request.Qualifier is { } qualifier && qualifier != Latest))
        {
            return Refused(InvokeStatus.NotFound, function is null
                ? $"Function not found: {region.FunctionArn(request.FunctionName)}"
                : $"Function not found: {region.FunctionArn(request.FunctionName)}:{request.Qualifier} (only {Latest} exists until versions are published)");
        }

        if (FunctionActivation.IsPreparing(function))
        {
            function = await activation.WaitAsync(function, options.PendingWait, CancellationToken.None);
            if (function is null)
            {
                return Refused(InvokeStatus.NotFound, $"Function not found: {region.FunctionArn(request.FunctionName)}");
            }
        }

        if (NotReadyReason(function) is { } notReady)
        {
            return Refused(InvokeStatus.NotReady, notReady);
        }

        var requestId = request.RequestId ?? Guid.NewGuid().ToString();
        var trace = TraceContext.From(request.AmznTraceId, request.TraceParent, arrived);
        if (!worker.TryEnter())
        {
            return await ThrottledAsync(function, request, requestId, trace, arrived, ThrottleReason.ConcurrentInvocationLimitExceeded);
        }

        timeline.Admitted();
        try
        {
            return await RunAdmittedAsync(function, request, requestId, trace, arrived, response, timeline);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever failed on the platform's side (the coordinator while stopping, the driver), the admitted
            // invocation is answered and recorded, never dropped.
            LogInvocationFailed(logger, e, requestId, function.Name);
            return await PlatformErrorAsync(function, request, requestId, trace, arrived, e.Message);
        }
        finally
        {
            worker.Exit();
        }
    }

    private async Task<InvokeResult> RunAdmittedAsync(
        FunctionConfiguration function, InvokeRequest request, string requestId, TraceContext trace, DateTimeOffset arrived, StreamedResponse? response,
        InvocationTimeline timeline)
    {
        var coordinator = grains.GetGrain<IFunctionGrain>(FunctionKeys.Of(function.TenantId, function.Name));
        var revision = SandboxRevision.Of(function);
        var decision = await coordinator.PlaceAsync(
            new PlacementRequest(revision, function.ReservedConcurrency, worker.NodeId, function.LastModified.UtcTicks, arrived, KeepAliveOf(function)));
        timeline.Placed();
        if (decision.Stale.Count > 0)
        {
            _ = worker.RemoveAsync(decision.Stale.Where(s => s.NodeId == worker.NodeId).Select(s => s.SandboxId).ToList());
        }

        if (decision.Kind == PlacementKind.Throttled)
        {
            return await ThrottledAsync(function, request, requestId, trace, arrived, ThrottleReason.ReservedFunctionConcurrentInvocationLimitExceeded);
        }

        // A pre-warm planned for this invocation is not needed any more: its end brings the next decision.
        worker.KeepAlive.CancelPreWarm(new PreWarmTarget(function.TenantId, function.Name));

        WorkerSandbox? sandbox = null;
        try
        {
            sandbox = decision.SandboxId is { } warm ? worker.TryClaim(warm) : null;
            var cold = sandbox is null;
            sandbox ??= await CreateSandboxAsync(function, revision);
            if (sandbox is null)
            {
                return await ThrottledAsync(function, request, requestId, trace, arrived, ThrottleReason.ConcurrentInvocationLimitExceeded);
            }

            timeline.SandboxAcquired(sandbox, placedWarm: !cold);
            var invocation = new InvocationRequest(requestId, request.Payload) { TraceId = trace.Header, ClientContext = request.ClientContext, Response = response };
            var result = await sandbox.Sandbox.InvokeAsync(invocation, CancellationToken.None);
            timeline.Answered();
            return await CompletedAsync(function, request, requestId, trace, arrived, cold, result, timeline);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogInvocationFailed(logger, e, requestId, function.Name);
            return await PlatformErrorAsync(function, request, requestId, trace, arrived, e.Message);
        }
        finally
        {
            await HandBackAsync(coordinator, sandbox, revision, function);
        }
    }

    /// <summary>
    /// Ends the invocation's admission: the sandbox goes back to the coordinator, whose keep-alive decision says until
    /// when it stays idle here (or removes it) and may plan a pre-warm of the function on this node.
    /// </summary>
    private Task HandBackAsync(IFunctionGrain coordinator, WorkerSandbox? sandbox, string revision, FunctionConfiguration function) =>
        worker.HandBackAsync(coordinator, sandbox, revision, new PreWarmTarget(function.TenantId, function.Name), KeepAliveOf(function).IdleTimeout);

    /// <summary>The function's keep-alive: its own setting, else the platform's.</summary>
    private KeepAliveChoice KeepAliveOf(FunctionConfiguration function) => KeepAliveChoice.Of(function, options);

    /// <summary>A sandbox for a cold invocation: a pre-warmed stem cell specialised for it when the pool has one, else a new one.</summary>
    private async Task<WorkerSandbox?> CreateSandboxAsync(FunctionConfiguration function, string revision)
    {
        var spec = await _specs.ForAsync(function, SandboxOrigin.Created, CancellationToken.None);
        return await worker.AcquireAsync(spec, FunctionKeys.Of(function.TenantId, function.Name), revision, SandboxOrigin.Created, CancellationToken.None);
    }

    private async Task<InvokeResult> CompletedAsync(
        FunctionConfiguration function, InvokeRequest request, string requestId, TraceContext trace, DateTimeOffset arrived, bool cold, InvocationResult result,
        InvocationTimeline timeline)
    {
        var ended = time.GetUtcNow();
        var durationMs = result.Duration.TotalMilliseconds;
        var outcome = result.Status switch
        {
            InvocationStatus.Succeeded => InvocationOutcome.Success,
            InvocationStatus.TimedOut => InvocationOutcome.Timeout,
            InvocationStatus.OutOfMemory => InvocationOutcome.OutOfMemory,
            _ => InvocationOutcome.FunctionError,
        };
        var record = Record(function, request, requestId, trace, arrived, outcome) with
        {
            Cold = cold,
            DurationMs = durationMs,
            BilledDurationMs = InvocationLog.Billed(durationMs, options.BillingGranularityMs),
            InitDurationMs = cold ? result.InitDuration?.TotalMilliseconds : null,
            MaxMemoryUsedMb = result.PeakMemoryBytes is { } peak ? (int)Math.Ceiling(peak / (1024.0 * 1024.0)) : null,
            ErrorType = result.Succeeded ? null : result.ErrorType ?? "Unhandled",
            ErrorMessage = result.Succeeded ? null : ErrorDocument.MessageOf(result.Payload),
        };
        // The sandbox's own stamp of the hand-over, on the clock its log lines carry; the fallback is for an
        // invocation that never reached the handler (init failed), where every line belongs to init.
        var handlerStarted = result.HandlerStartedAt ?? ended;
        var lines = InvocationLog.Build(record, function.Runtime, result.LogLines, handlerStarted, Max(ended, handlerStarted + result.Duration));
        record = record with { StartKind = timeline.StartKind, Phases = timeline.Phases(result) };
        await recorder.RecordAsync(record, lines);
        InvocationActivities.Emit(record, trace);
        return new InvokeResult
        {
            Status = InvokeStatus.Completed,
            RequestId = requestId,
            Payload = result.Payload,
            FunctionError = result.Succeeded ? null : "Unhandled",
            ExecutedVersion = record.Version,
            Log = string.Concat(lines.Select(l => l.Text + "\n")),
        };
    }

    private async Task<InvokeResult> ThrottledAsync(
        FunctionConfiguration function, InvokeRequest request, string requestId, TraceContext trace, DateTimeOffset arrived, ThrottleReason reason)
    {
        var message = reason == ThrottleReason.ReservedFunctionConcurrentInvocationLimitExceeded
            ? $"Rate Exceeded: {function.Name} is running its reserved concurrency of {function.ReservedConcurrency}"
            : "Rate Exceeded: the platform is at its concurrency or memory limit";
        var record = Record(function, request, requestId, trace, arrived, InvocationOutcome.Throttled) with
        {
            ErrorType = reason.ToString(),
            ErrorMessage = message,
        };
        // An asynchronous event that is throttled stays queued and is tried again under the same attempt; the
        // queue keeps that story, so only its runs are recorded.
        if (request.Trigger != InvocationTriggers.Async)
        {
            await recorder.RecordAsync(record, []);
        }

        return new InvokeResult { Status = InvokeStatus.Throttled, RequestId = requestId, ThrottleReason = reason, Message = message };
    }

    private async Task<InvokeResult> PlatformErrorAsync(
        FunctionConfiguration function, InvokeRequest request, string requestId, TraceContext trace, DateTimeOffset arrived, string message)
    {
        var record = Record(function, request, requestId, trace, arrived, InvocationOutcome.PlatformError) with
        {
            ErrorType = "Kumo.PlatformError",
            ErrorMessage = message,
            DurationMs = (time.GetUtcNow() - arrived).TotalMilliseconds,
        };
        if (request.Trigger != InvocationTriggers.Async)
        {
            await recorder.RecordAsync(record, [new LogLine(time.GetUtcNow(), $"[kumo] RequestId: {requestId} platform error: {message}")]);
        }

        return new InvokeResult { Status = InvokeStatus.PlatformError, RequestId = requestId, Message = message };
    }

    private static InvocationRecord Record(
        FunctionConfiguration function, InvokeRequest request, string requestId, TraceContext trace, DateTimeOffset arrived, InvocationOutcome outcome) =>
        new()
        {
            TenantId = function.TenantId,
            RequestId = requestId,
            TraceId = trace.Root,
            FunctionName = function.Name,
            Version = Latest,
            Trigger = request.Trigger,
            StartedAt = arrived,
            Attempt = request.Attempt,
            MemorySizeMb = function.MemoryMb,
            Outcome = outcome,
        };

    private static string? NotReadyReason(FunctionConfiguration function) => function switch
    {
        { State: FunctionState.Failed } =>
            $"The operation cannot be performed at this time. The function is currently in the following state: Failed ({function.StateReason}). Update its code.",
        { LastUpdateStatus: LastUpdateStatus.Failed } =>
            $"The function's last update failed ({function.LastUpdateStatusReason}). Update its code again.",
        _ when FunctionActivation.IsPreparing(function) =>
            "The operation cannot be performed at this time. The function is currently in the following state: Pending. Try again shortly.",
        _ => null,
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static InvokeResult Refused(InvokeStatus status, string message) => new() { Status = status, Message = message };

    [LoggerMessage(EventId = EventIds.InvocationFailed, Level = LogLevel.Warning, Message = "Invocation {RequestId} of {Function} failed on the platform's side")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string requestId, string function);
}
