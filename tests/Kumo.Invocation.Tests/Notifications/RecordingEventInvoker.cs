using System.Collections.Concurrent;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Invocations;

namespace Kumo.Invocation.Tests.Notifications;

/// <summary>Keeps every request handed to the event invoker, and passes it on to the real one (which queues it in SQLite).</summary>
internal sealed class RecordingEventInvoker(IEventInvoker inner) : IEventInvoker
{
    public ConcurrentQueue<(InvokeRequest Request, EventAcceptance Acceptance)> Calls { get; } = new();

    public async Task<EventAcceptance> EnqueueAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        var acceptance = await inner.EnqueueAsync(request, cancellationToken);
        Calls.Enqueue((request, acceptance));
        return acceptance;
    }

    /// <summary>The requests that were queued as new events (not repeats of earlier ones).</summary>
    public IReadOnlyList<InvokeRequest> Queued =>
        [.. Calls.Where(c => c.Acceptance is { Status: EventAcceptanceStatus.Accepted, Repeated: false }).Select(c => c.Request)];
}
