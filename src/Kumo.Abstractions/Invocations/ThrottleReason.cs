namespace Kumo.Abstractions.Invocations;

/// <summary>Which limit refused an invocation, named as Lambda's <c>TooManyRequestsException.Reason</c>.</summary>
public enum ThrottleReason
{
    /// <summary>The function's reserved concurrency is in use (<c>ReservedFunctionConcurrentInvocationLimitExceeded</c>).</summary>
    ReservedFunctionConcurrentInvocationLimitExceeded,

    /// <summary>The platform's concurrency or memory is in use (<c>ConcurrentInvocationLimitExceeded</c>).</summary>
    ConcurrentInvocationLimitExceeded,
}
