namespace Kumo.Sandbox.Invocations;

/// <summary>How an invocation ended.</summary>
public enum InvocationStatus
{
    /// <summary>The function returned a result.</summary>
    Succeeded,

    /// <summary>The function reported an error (an exception, or an error it returned).</summary>
    FunctionError,

    /// <summary>The runtime could not initialise: the handler was not found, or init code failed.</summary>
    InitError,

    /// <summary>The invocation ran past the function's timeout; the sandbox was killed.</summary>
    TimedOut,

    /// <summary>The sandbox ran out of memory and was killed.</summary>
    OutOfMemory,

    /// <summary>The runtime exited or crashed before it answered.</summary>
    RuntimeExited,
}
