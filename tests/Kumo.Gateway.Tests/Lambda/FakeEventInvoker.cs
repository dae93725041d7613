using System.Collections.Concurrent;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Tests.Lambda;

/// <summary>Accepts events into memory, or answers with a canned refusal.</summary>
internal sealed class FakeEventInvoker : IEventInvoker
{
    public ConcurrentQueue<InvokeRequest> Accepted { get; } = new();

    public EventAcceptance? Refusal { get; set; }

    public Task<EventAcceptance> EnqueueAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        if (Refusal is { } refusal)
        {
            return Task.FromResult(refusal);
        }

        Accepted.Enqueue(request);
        return Task.FromResult(new EventAcceptance(EventAcceptanceStatus.Accepted, "evt-" + Accepted.Count, null));
    }
}
