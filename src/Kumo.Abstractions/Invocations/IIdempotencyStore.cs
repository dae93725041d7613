namespace Kumo.Abstractions.Invocations;

/// <summary>
/// The idempotency keys of invocations (the <c>Idempotency-Key</c> header). A key belongs to one request within the
/// window: the first one to claim it. Synchronous and asynchronous invocations share the keys of a tenant. For a
/// synchronous invocation the key also keeps the function's response, so that a repeat is answered with it instead
/// of running again. One implementation per storage backend; asynchronous claims are made by
/// <see cref="Events.IEventQueue.EnqueueOnceAsync"/>, in the same transaction as the event.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <see cref="IdempotencyClaim.Key"/> for a synchronous invocation, unless another request holds it.
    /// Claims older than the window are forgotten first; a synchronous claim that has no response yet and was made
    /// before <see cref="IdempotencyClaim.AbandonedBefore"/> is taken over (its request's process is gone). Of any
    /// number of concurrent claims, exactly one succeeds.
    /// </summary>
    /// <returns>The key's holder as stored: this request when <see cref="IdempotencyHolder.Claimed"/>.</returns>
    Task<IdempotencyHolder> ClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the response of the synchronous invocation that holds the key, to answer repeats; false, changing
    /// nothing, when <paramref name="requestId"/> no longer holds it.
    /// </summary>
    Task<bool> CompleteAsync(string tenantId, string key, string requestId, StoredInvokeResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the key up (the invocation did not run: throttled, refused, a platform failure), so that a repeat runs;
    /// nothing happens when <paramref name="requestId"/> no longer holds it.
    /// </summary>
    Task ReleaseAsync(string tenantId, string key, string requestId, CancellationToken cancellationToken);
}

/// <summary>A synchronous invocation's claim on an idempotency key.</summary>
/// <param name="TenantId">The tenant: keys are per tenant.</param>
/// <param name="Key">The key, 1–256 characters.</param>
/// <param name="FunctionName">The function invoked.</param>
/// <param name="RequestId">The request that claims the key.</param>
/// <param name="Now">When.</param>
/// <param name="Window">How long a key is kept after its claim.</param>
/// <param name="AbandonedBefore">A synchronous claim without a response made before this belongs to a run that died.</param>
public sealed record IdempotencyClaim(
    string TenantId, string Key, string FunctionName, string RequestId, DateTimeOffset Now, TimeSpan Window, DateTimeOffset AbandonedBefore);

/// <summary>Who holds an idempotency key.</summary>
/// <param name="RequestId">The holding request's id.</param>
/// <param name="Kind">Whether the holder is a synchronous or an asynchronous invocation.</param>
/// <param name="FunctionName">The function the holder invoked; null for claims stored before Kumo kept it.</param>
public sealed record IdempotencyHolder(string RequestId, IdempotencyKind Kind, string? FunctionName)
{
    /// <summary>Whether the request that asked holds the key now (it was free, forgotten or abandoned).</summary>
    public bool Claimed { get; init; }

    /// <summary>For a synchronous holder that finished: its response. Null while it runs.</summary>
    public StoredInvokeResponse? Response { get; init; }
}

/// <summary>Which kind of invocation holds an idempotency key.</summary>
public enum IdempotencyKind
{
    /// <summary>An asynchronous invocation (an event in the queue).</summary>
    Event,

    /// <summary>A synchronous invocation.</summary>
    Sync,
}

/// <summary>The response of a synchronous invocation, kept with its idempotency key.</summary>
/// <param name="Payload">The function's result or error document.</param>
/// <param name="FunctionError"><c>Unhandled</c> when the function failed; null on success.</param>
/// <param name="ExecutedVersion">The version that ran.</param>
/// <param name="Log">The end of the invocation's log (for <c>LogType: Tail</c>).</param>
public sealed record StoredInvokeResponse(byte[] Payload, string? FunctionError, string ExecutedVersion, string Log);
