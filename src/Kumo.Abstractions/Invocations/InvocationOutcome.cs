namespace Kumo.Abstractions.Invocations;

/// <summary>How an invocation ended.</summary>
public enum InvocationOutcome
{
    /// <summary>The function returned a result.</summary>
    Success,

    /// <summary>The function raised or returned an error, or could not initialise.</summary>
    FunctionError,

    /// <summary>The function ran past its timeout.</summary>
    Timeout,

    /// <summary>The function ran out of memory.</summary>
    OutOfMemory,

    /// <summary>It was refused because the function or the platform was at its concurrency limit; the function did not run.</summary>
    Throttled,

    /// <summary>The platform failed to run it (not the function's fault).</summary>
    PlatformError,
}
