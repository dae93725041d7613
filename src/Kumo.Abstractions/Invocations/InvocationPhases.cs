namespace Kumo.Abstractions.Invocations;

/// <summary>
/// When an invocation passed each step of the platform, in milliseconds since it arrived
/// (<see cref="InvocationRecord.StartedAt"/>), on the host's clock. A step the invocation did not pass, or that
/// happened before it arrived (a warm sandbox was initialised long ago), is null.
/// </summary>
/// <remarks>
/// The steps, in order: <see cref="AdmittedMs"/> (function looked up, a node slot taken), <see cref="PlacedMs"/>
/// (the function's coordinator chose a warm sandbox or a new one), <see cref="SandboxAcquiredMs"/> (the warm sandbox
/// claimed, or a new one started or specialised), <see cref="InitializedMs"/> (the runtime loaded the handler and
/// asked for its first event), <see cref="HandlerStartedMs"/> (the event handed to the runtime),
/// <see cref="AnsweredMs"/> (the runtime's answer back on the host), <see cref="RecordedMs"/> (the record handed to
/// the store).
/// </remarks>
public sealed record InvocationPhases
{
    /// <summary>The function was looked up and the node admitted the invocation (a slot of its concurrency).</summary>
    public double? AdmittedMs { get; init; }

    /// <summary>The function's coordinator placed it: on a warm sandbox, or on a new one.</summary>
    public double? PlacedMs { get; init; }

    /// <summary>The invocation had its sandbox: a warm one claimed, or a new one started (or a pre-warmed one specialised).</summary>
    public double? SandboxAcquiredMs { get; init; }

    /// <summary>
    /// The runtime had loaded the handler and asked for its first event; only for a sandbox initialised for this
    /// invocation. Where the sandbox reports only its init duration, this is <see cref="PlacedMs"/> plus that duration,
    /// kept between <see cref="SandboxAcquiredMs"/> and <see cref="HandlerStartedMs"/>.
    /// </summary>
    public double? InitializedMs { get; init; }

    /// <summary>The event was handed to the runtime: the handler starts now.</summary>
    public double? HandlerStartedMs { get; init; }

    /// <summary>The runtime's answer (or the failure) was back on the host.</summary>
    public double? AnsweredMs { get; init; }

    /// <summary>The record was handed to the invocation recorder, which queues it for its writer (the last step before the caller is answered).</summary>
    public double? RecordedMs { get; init; }
}
