namespace Kumo.Abstractions.Invocations;

/// <summary>What became of an invoke request.</summary>
public enum InvokeStatus
{
    /// <summary>The function ran; <see cref="InvokeResult.FunctionError"/> says whether it failed.</summary>
    Completed,

    /// <summary>There is no such function (or version).</summary>
    NotFound,

    /// <summary>The function cannot run in its state (Failed, or still Pending after the wait); see <see cref="InvokeResult.Message"/>.</summary>
    NotReady,

    /// <summary>Refused at the concurrency limit; the function did not run. See <see cref="InvokeResult.ThrottleReason"/>.</summary>
    Throttled,

    /// <summary>
    /// The idempotency key belongs to another kind of request (an asynchronous one, or one for another function);
    /// nothing ran. See <see cref="InvokeResult.Message"/>.
    /// </summary>
    IdempotencyConflict,

    /// <summary>The platform could not run it; see <see cref="InvokeResult.Message"/>.</summary>
    PlatformError,
}
