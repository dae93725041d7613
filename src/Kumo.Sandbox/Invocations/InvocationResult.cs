namespace Kumo.Sandbox.Invocations;

/// <summary>What came of one invocation in a sandbox.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Payload">The function's result, or for every other status a Lambda error document
/// (<c>{"errorMessage":…,"errorType":…,"stackTrace":…}</c>).</param>
/// <param name="ErrorType">The error type for anything but success, such as <c>Runtime.ImportModuleError</c>.</param>
/// <param name="LogLines">What the function wrote to stdout and stderr during this invocation (and its init, on a cold start), line by line.</param>
/// <param name="Duration">From handing the event to the runtime until its answer.</param>
/// <param name="InitDuration">How long the runtime took to initialise, on a cold start; otherwise null.</param>
/// <param name="PeakMemoryBytes">The sandbox's peak memory use so far, when the host reports it.</param>
public sealed record InvocationResult(
    InvocationStatus Status,
    ReadOnlyMemory<byte> Payload,
    string? ErrorType,
    IReadOnlyList<SandboxLogLine> LogLines,
    TimeSpan Duration,
    TimeSpan? InitDuration,
    long? PeakMemoryBytes)
{
    /// <summary>
    /// When the event was handed to the runtime (the clock of <see cref="SandboxLogLine.Timestamp"/>): lines before
    /// it were written while the runtime initialised. Null when the invocation never got that far.
    /// </summary>
    public DateTimeOffset? HandlerStartedAt { get; init; }

    /// <summary>The log as text, one line per line.</summary>
    public string Log => string.Concat(LogLines.Select(l => l.Text + "\n"));

    /// <summary>Whether the function returned normally.</summary>
    public bool Succeeded => Status == InvocationStatus.Succeeded;
}
