namespace Kumo.Abstractions.Events;

/// <summary>The answer to an asynchronous invocation.</summary>
/// <param name="Status">Whether it was accepted.</param>
/// <param name="RequestId">The event's request id, when accepted.</param>
/// <param name="Message">For refusals: what was wrong and what to do.</param>
public sealed record EventAcceptance(EventAcceptanceStatus Status, string? RequestId, string? Message)
{
    /// <summary>Whether this was a repeat of an earlier request with the same idempotency key: nothing new was queued.</summary>
    public bool Repeated { get; init; }

    /// <summary>The largest payload accepted, for <see cref="EventAcceptanceStatus.TooLarge"/>.</summary>
    public long PayloadLimit { get; init; }
}
