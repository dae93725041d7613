using Kumo.Abstractions.Api;
using Kumo.Abstractions.Invocations;

namespace Kumo.Invocation;

/// <summary>Whether a repeat's idempotency key belongs to a request it cannot stand for, and how to say so.</summary>
internal static class IdempotencyConflicts
{
    /// <summary>
    /// Null when <paramref name="holder"/> can answer the request (the same kind, the same function); otherwise what
    /// is wrong and what to do.
    /// </summary>
    public static string? Describe(string key, IdempotencyHolder holder, IdempotencyKind kind, string functionName)
    {
        if (holder.Claimed)
        {
            return null;
        }

        if (holder.Kind != kind)
        {
            var other = holder.Kind == IdempotencyKind.Event ? "an asynchronous invocation" : "a synchronous invocation";
            return $"Idempotency-Key '{key}' already belongs to {other} (request id {holder.RequestId}); its result is at "
                + $"{NativeApi.InvocationsPath}/{holder.RequestId}. Use a new key for this request.";
        }

        if (holder.FunctionName is { } owner && owner != functionName)
        {
            return $"Idempotency-Key '{key}' already belongs to a request to function '{owner}' (request id {holder.RequestId}), "
                + $"not '{functionName}'. Use a new key for this request.";
        }

        return null;
    }
}
