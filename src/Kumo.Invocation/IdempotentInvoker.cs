using System.Collections.Concurrent;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation;

/// <summary>
/// Synchronous invocations with an idempotency key. The first request with a key claims it, runs, and keeps its
/// response with the key; a repeat within the window gets that response under the first request's id and runs
/// nothing; a repeat that arrives while the first one runs waits for its end. A run that does not happen
/// (throttled, refused, a platform failure) gives the key up, so a repeat runs. Requests without a key pass through.
/// </summary>
internal sealed partial class IdempotentInvoker(
    Invoker invoker,
    IIdempotencyStore keys,
    IFunctionStore functions,
    FunctionsOptions options,
    TimeProvider time,
    ILogger<IdempotentInvoker> logger) : IInvoker
{
    /// <summary>How often a waiting repeat looks again, when no signal from this node tells it sooner.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Beyond the function's timeout: how long a claim may stay without a response before it counts as abandoned.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(60);

    /// <summary>How much of the log is kept with a response: enough for the 4 KB <c>LogType: Tail</c>.</summary>
    private const int KeptLogChars = 8192;

    private readonly ConcurrentDictionary<(string Tenant, string Key), TaskCompletionSource> _ended = new();

    public async Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IdempotencyKey is not { } key)
        {
            return await invoker.InvokeAsync(request, cancellationToken);
        }

        var function = await functions.GetAsync(request.TenantId, request.FunctionName, cancellationToken);
        if (function is null)
        {
            // Nothing can run: the invoker gives the usual refusal, and no key is claimed.
            return await invoker.InvokeAsync(request with { IdempotencyKey = null }, cancellationToken);
        }

        var requestId = request.RequestId ?? Guid.NewGuid().ToString();
        // A claim still without a response after the function's longest run (and the wait for a pending function)
        // belongs to a run whose process died: a repeat takes it over and runs.
        var abandonAfter = TimeSpan.FromSeconds(function.TimeoutSeconds) + options.PendingWait + AbandonGrace;
        while (true)
        {
            var now = time.GetUtcNow();
            var holder = await keys.ClaimAsync(
                new IdempotencyClaim(request.TenantId, key, request.FunctionName, requestId, now, options.IdempotencyWindow, now - abandonAfter),
                CancellationToken.None);
            if (IdempotencyConflicts.Describe(key, holder, IdempotencyKind.Sync, request.FunctionName) is { } conflict)
            {
                Wake(request.TenantId, key);
                return new InvokeResult { Status = InvokeStatus.IdempotencyConflict, Message = conflict };
            }

            if (holder.Claimed)
            {
                var run = RunAndKeepAsync(request with { RequestId = requestId }, key);
                invoker.Track(run);
                return await run.WaitAsync(cancellationToken);
            }

            if (holder.Response is { } response)
            {
                Wake(request.TenantId, key);
                return new InvokeResult
                {
                    Status = InvokeStatus.Completed,
                    RequestId = holder.RequestId,
                    Payload = response.Payload,
                    FunctionError = response.FunctionError,
                    ExecutedVersion = response.ExecutedVersion,
                    Log = response.Log,
                    Replayed = true,
                };
            }

            // The first request still runs (here or on another node): wait for its end, then look again. A signal
            // that came between the claim and now is missed, and the poll covers it.
            var ended = _ended.GetOrAdd((request.TenantId, key), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await Task.WhenAny(ended.Task, Task.Delay(PollInterval, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Runs the request that holds the key, then keeps its response with the key, or gives the key up.</summary>
    private async Task<InvokeResult> RunAndKeepAsync(InvokeRequest request, string key)
    {
        var requestId = request.RequestId!;
        InvokeResult? result = null;
        try
        {
            result = await invoker.InvokeAsync(request, CancellationToken.None);
            return result;
        }
        finally
        {
            try
            {
                if (result is { Status: InvokeStatus.Completed })
                {
                    var log = result.Log.Length > KeptLogChars ? result.Log[^KeptLogChars..] : result.Log;
                    await keys.CompleteAsync(
                        request.TenantId,
                        key,
                        requestId,
                        new StoredInvokeResponse(result.Payload.ToArray(), result.FunctionError, result.ExecutedVersion, log),
                        CancellationToken.None);
                }
                else
                {
                    await keys.ReleaseAsync(request.TenantId, key, requestId, CancellationToken.None);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The run itself is answered and recorded; only repeats are affected: they wait until the claim
                // counts as abandoned, then run again.
                LogKeyNotKept(logger, e, key, requestId);
            }
            finally
            {
                Wake(request.TenantId, key);
            }
        }
    }

    /// <summary>Wakes the repeats waiting on this node for the key, and forgets their signal.</summary>
    private void Wake(string tenantId, string key)
    {
        if (_ended.TryRemove((tenantId, key), out var ended))
        {
            ended.TrySetResult();
        }
    }

    [LoggerMessage(EventId = EventIds.IdempotencyKeyNotKept, Level = LogLevel.Warning,
        Message = "The response of request {RequestId} could not be kept with Idempotency-Key '{Key}'; repeats will run it again once the claim counts as abandoned")]
    private static partial void LogKeyNotKept(ILogger logger, Exception exception, string key, string requestId);
}
