using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;

namespace Kumo.Invocation.Events;

/// <summary>Accepts asynchronous invocations into the durable queue and wakes the dispatcher.</summary>
internal sealed class EventInvoker(
    IFunctionStore functions,
    IEventQueue queue,
    EventSignal signal,
    FunctionsOptions options,
    PlatformRegion region,
    TimeProvider time) : IEventInvoker
{
    public async Task<EventAcceptance> EnqueueAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Payload.Length > options.EventPayloadLimitBytes)
        {
            return new EventAcceptance(
                EventAcceptanceStatus.TooLarge,
                null,
                $"the event is {request.Payload.Length} bytes; an asynchronous invocation takes at most {options.EventPayloadLimitBytes} bytes")
            {
                PayloadLimit = options.EventPayloadLimitBytes,
            };
        }

        if (request.Qualifier is { } qualifier && qualifier != "$LATEST")
        {
            return new EventAcceptance(EventAcceptanceStatus.NotFound, null,
                $"Function not found: {region.FunctionArn(request.FunctionName)}:{qualifier} (only $LATEST exists until versions are published)");
        }

        if (await functions.GetAsync(request.TenantId, request.FunctionName, cancellationToken) is null)
        {
            return new EventAcceptance(EventAcceptanceStatus.NotFound, null, $"Function not found: {region.FunctionArn(request.FunctionName)}");
        }

        var now = time.GetUtcNow();
        var queued = new QueuedEvent
        {
            TenantId = request.TenantId,
            RequestId = request.RequestId ?? Guid.NewGuid().ToString(),
            FunctionName = request.FunctionName,
            Qualifier = request.Qualifier,
            Payload = request.Payload.ToArray(),
            AmznTraceId = request.AmznTraceId,
            TraceParent = request.TraceParent,
            Trigger = request.Trigger,
            EnqueuedAt = now,
            NextAttemptAt = now,
        };

        // Not cancelled by the caller: once the write has begun, it completes, and the event is accepted only
        // when it returns.
        if (request.IdempotencyKey is { } key)
        {
            var holder = await queue.EnqueueOnceAsync(queued, key, options.IdempotencyWindow, CancellationToken.None);
            if (IdempotencyConflicts.Describe(key, holder, IdempotencyKind.Event, request.FunctionName) is { } conflict)
            {
                return new EventAcceptance(EventAcceptanceStatus.IdempotencyConflict, null, conflict);
            }

            if (!holder.Claimed)
            {
                return new EventAcceptance(EventAcceptanceStatus.Accepted, holder.RequestId, null) { Repeated = true };
            }
        }
        else
        {
            await queue.EnqueueAsync(queued, CancellationToken.None);
        }

        signal.Wake();
        return new EventAcceptance(EventAcceptanceStatus.Accepted, queued.RequestId, null);
    }
}
