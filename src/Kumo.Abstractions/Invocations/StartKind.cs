namespace Kumo.Abstractions.Invocations;

/// <summary>What an invocation's sandbox was when the invocation reached it.</summary>
public enum StartKind
{
    /// <summary>An idle sandbox that had run the function before, or was pre-warmed for it by the keep-alive policy.</summary>
    Warm,

    /// <summary>A pre-warmed stem cell specialised for this invocation: the function's code was loaded on the request path, the sandbox was not made there.</summary>
    Prewarmed,

    /// <summary>A sandbox made for this invocation.</summary>
    Cold,

    /// <summary>A sandbox kept ready by a provisioned concurrency setting.</summary>
    Provisioned,
}
