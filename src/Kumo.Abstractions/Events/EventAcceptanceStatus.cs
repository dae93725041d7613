namespace Kumo.Abstractions.Events;

/// <summary>What became of an asynchronous invocation request.</summary>
public enum EventAcceptanceStatus
{
    /// <summary>Written durably; it will run.</summary>
    Accepted,

    /// <summary>There is no such function (or version).</summary>
    NotFound,

    /// <summary>The payload is over the asynchronous limit.</summary>
    TooLarge,

    /// <summary>
    /// The idempotency key belongs to another kind of request (a synchronous one, or one for another function);
    /// nothing was queued. See <see cref="EventAcceptance.Message"/>.
    /// </summary>
    IdempotencyConflict,
}
