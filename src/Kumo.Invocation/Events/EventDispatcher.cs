using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Invocation.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Events;

/// <summary>
/// Runs queued asynchronous invocations, at least once each. It leases due events for longer than any function
/// may run, runs each through the invoker under the event's own request id, and then ends it (succeeded, failed
/// after its retries, or expired) or puts it back: a function error, timeout or out-of-memory is retried with
/// doubling delays; a throttled or not-yet-ready function is tried again later without using an attempt.
/// </summary>
internal sealed partial class EventDispatcher(
    IEventQueue queue,
    IEventInvokeConfigStore configs,
    IEventInvoker events,
    IInvoker invoker,
    EventSignal signal,
    EventQueueReady ready,
    NodeWorker worker,
    FunctionsOptions options,
    PlatformRegion region,
    TimeProvider time,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    /// <summary>Longer than the longest invocation (900 s) with its init: a lease runs out only when its dispatcher died.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(900 + 120);

    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private readonly string _owner = worker.NodeId + "/" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ready.WhenReady.WaitAsync(stoppingToken);
            // Not disposed: runs still in flight at a stop release their slots after this loop ended.
            var slots = new SemaphoreSlim(options.EventDispatchConcurrency, options.EventDispatchConcurrency);
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < options.EventDispatchConcurrency && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                var leased = await LeaseAsync(free, stoppingToken);
                if (free > leased.Count)
                {
                    slots.Release(free - leased.Count);
                }

                foreach (var queued in leased)
                {
                    _ = RunAsync(queued, slots);
                }

                if (leased.Count == 0)
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<IReadOnlyList<QueuedEvent>> LeaseAsync(int max, CancellationToken stoppingToken)
    {
        try
        {
            var now = time.GetUtcNow();
            return await queue.LeaseAsync(_owner, now, now + Lease, max, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLeaseFailed(logger, e);
            return [];
        }
    }

    private async Task RunAsync(QueuedEvent queued, SemaphoreSlim slots)
    {
        try
        {
            await RunOnceAsync(queued);
        }
        catch (Exception e)
        {
            // The event stays leased; its lease runs out and it runs again (or start-up recovers it).
            LogRunFailed(logger, e, queued.RequestId);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task RunOnceAsync(QueuedEvent queued)
    {
        var now = time.GetUtcNow();
        var config = await configs.GetAsync(queued.TenantId, queued.FunctionName, "$LATEST", CancellationToken.None);
        var maximumAge = config?.MaximumEventAgeInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.EventMaximumAge;
        var maximumRetries = config?.MaximumRetryAttempts ?? options.EventMaximumRetryAttempts;
        if (now - queued.EnqueuedAt > maximumAge)
        {
            var age = $"Event.Expired: the event was {(int)(now - queued.EnqueuedAt).TotalSeconds} s old, past the maximum age of {(int)maximumAge.TotalSeconds} s";
            if (await queue.FinishAsync(queued.TenantId, queued.RequestId, _owner, QueuedEventStatus.Expired, queued.Attempts, age, now, CancellationToken.None))
            {
                await SendAsync(config?.OnFailureDestination, queued, DestinationRecord.EventAgeExceeded, queued.Attempts, null, false, now);
            }

            return;
        }

        var result = await invoker.InvokeAsync(
            new InvokeRequest
            {
                TenantId = queued.TenantId,
                RequestId = queued.RequestId,
                Attempt = queued.Attempts + 1,
                FunctionName = queued.FunctionName,
                Qualifier = queued.Qualifier,
                Payload = queued.Payload,
                Trigger = queued.Trigger,
                AmznTraceId = queued.AmznTraceId,
                TraceParent = queued.TraceParent,
            },
            CancellationToken.None);
        now = time.GetUtcNow();
        switch (result.Status)
        {
            case InvokeStatus.Completed when result.FunctionError is null:
                await queue.SaveResultAsync(queued.TenantId, queued.RequestId, _owner, result.Payload, CancellationToken.None);
                if (await queue.FinishAsync(queued.TenantId, queued.RequestId, _owner, QueuedEventStatus.Succeeded, queued.Attempts + 1, null, now, CancellationToken.None))
                {
                    await SendAsync(config?.OnSuccessDestination, queued, DestinationRecord.Success, queued.Attempts + 1, result.Payload, false, now);
                }

                break;
            case InvokeStatus.Completed:
                await FailedAttemptAsync(queued, queued.Attempts + 1, maximumRetries, config?.OnFailureDestination, result, now);
                break;
            case InvokeStatus.NotFound:
                await queue.FinishAsync(queued.TenantId, queued.RequestId, _owner, QueuedEventStatus.Failed, queued.Attempts, result.Message, now, CancellationToken.None);
                break;
            default:
                // Throttled, not ready, or the platform failed: the function did not run; try again later.
                await queue.RequeueAsync(queued.TenantId, queued.RequestId, _owner, now + RetryLater(queued, now), queued.Attempts, result.Message, CancellationToken.None);
                break;
        }
    }

    private async Task FailedAttemptAsync(
        QueuedEvent queued, int attempts, int maximumRetries, string? onFailure, InvokeResult result, DateTimeOffset now)
    {
        var error = ErrorOf(result);
        if (attempts > maximumRetries)
        {
            if (await queue.FinishAsync(queued.TenantId, queued.RequestId, _owner, QueuedEventStatus.Failed, attempts, error, now, CancellationToken.None))
            {
                await SendAsync(onFailure, queued, DestinationRecord.RetriesExhausted, attempts, result.Payload, true, now);
            }

            return;
        }

        var delay = options.EventRetryDelay * Math.Pow(2, attempts - 1);
        await queue.RequeueAsync(queued.TenantId, queued.RequestId, _owner, now + delay, attempts, error, CancellationToken.None);
    }

    /// <summary>
    /// Sends Lambda's destination record to the destination function as a new event of its own. The outcome is
    /// already stored, so a failure here is logged, not retried.
    /// </summary>
    private async Task SendAsync(
        string? destination, QueuedEvent queued, string condition, int attempts, ReadOnlyMemory<byte>? response, bool functionError, DateTimeOffset now)
    {
        if (destination is null)
        {
            return;
        }

        var prefix = $"arn:aws:lambda:{region.Region}:{region.AccountId}:function:";
        var record = DestinationRecord.Create(queued, region.FunctionArn(queued.FunctionName) + ":$LATEST", condition, attempts, response, functionError, now);
        var acceptance = await events.EnqueueAsync(
            new InvokeRequest
            {
                TenantId = queued.TenantId,
                FunctionName = EventInvokeConfigs.NameOf(destination, prefix),
                Payload = record,
                Trigger = InvocationTriggers.Async,
                AmznTraceId = queued.AmznTraceId,
                TraceParent = queued.TraceParent,
            },
            CancellationToken.None);
        if (acceptance.Status != EventAcceptanceStatus.Accepted)
        {
            LogDestinationRefused(logger, queued.RequestId, destination, acceptance.Message ?? acceptance.Status.ToString());
        }
    }

    /// <summary>A function that could not run is tried again after a tenth of the event's age, from 1 s up to 5 minutes.</summary>
    private static TimeSpan RetryLater(QueuedEvent queued, DateTimeOffset now) =>
        TimeSpan.FromTicks(Math.Clamp((now - queued.EnqueuedAt).Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(5).Ticks));

    private static string ErrorOf(InvokeResult result)
    {
        var text = System.Text.Encoding.UTF8.GetString(result.Payload.Span);
        return text.Length > 1024 ? text[..1024] : text;
    }

    [LoggerMessage(EventId = EventIds.DestinationRefused, Level = LogLevel.Warning,
        Message = "The destination {Destination} of event {RequestId} did not take its record: {Reason}")]
    private static partial void LogDestinationRefused(ILogger logger, string requestId, string destination, string reason);

    [LoggerMessage(EventId = EventIds.EventLeaseFailed, Level = LogLevel.Warning, Message = "Could not take events from the queue; trying again")]
    private static partial void LogLeaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.EventRunFailed, Level = LogLevel.Warning, Message = "Event {RequestId} could not be ended; it runs again when its lease runs out")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string requestId);
}
