using Kumo.Abstractions.Invocations;

namespace Kumo.Abstractions.Events;

/// <summary>
/// Accepts asynchronous invocations: checks the function and the payload, writes the event durably, and answers
/// with its request id before anything runs. A dispatcher runs it later, at least once.
/// </summary>
public interface IEventInvoker
{
    /// <summary>
    /// Accepts <paramref name="request"/> as an event; the answer says whether it was accepted and why not. Its
    /// <see cref="InvokeRequest.Trigger"/> (<see cref="InvocationTriggers.Async"/>, <see cref="InvocationTriggers.S3"/> …)
    /// is kept with the event and recorded with each of its runs.
    /// </summary>
    Task<EventAcceptance> EnqueueAsync(InvokeRequest request, CancellationToken cancellationToken);
}
