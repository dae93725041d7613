namespace Kumo.Abstractions.Api;

/// <summary>The answer to <c>POST /_kumo/v1/functions/{name}/events</c>: the event is on disk and will run.</summary>
/// <param name="RequestId">The event's request id: fetch its status and result at <paramref name="Location"/>.</param>
/// <param name="Repeated">True when an earlier request with the same <c>Idempotency-Key</c> holds this id: nothing new was queued.</param>
/// <param name="Location">The invocation's path in the native API.</param>
public sealed record EventAccepted(string RequestId, bool Repeated, string Location);
