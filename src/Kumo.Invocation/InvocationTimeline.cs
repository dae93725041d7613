using Kumo.Abstractions.Invocations;
using Kumo.Invocation.Worker;
using Kumo.Sandbox.Invocations;

namespace Kumo.Invocation;

/// <summary>
/// Stamps the moments one invocation passes the platform's steps (on the injected clock's monotonic timestamps)
/// and what its sandbox was, and turns them into the record's <see cref="InvocationPhases"/> and
/// <see cref="Abstractions.Invocations.StartKind"/>.
/// </summary>
internal sealed class InvocationTimeline(TimeProvider time, DateTimeOffset arrived)
{
    private readonly long _arrived = time.GetTimestamp();
    private double? _admitted;
    private double? _placed;
    private double? _sandboxAcquired;
    private double? _answered;

    /// <summary>When the invocation arrived, on the wall clock (the record's <see cref="InvocationRecord.StartedAt"/>).</summary>
    public DateTimeOffset Arrived { get; } = arrived;

    /// <summary>What its sandbox was when the invocation reached it; null until it had one.</summary>
    public StartKind? StartKind { get; private set; }

    public void Admitted() => _admitted = Now();

    public void Placed() => _placed = Now();

    /// <summary>The invocation has its sandbox: a warm one it was placed on, or a new one (made, or specialised from a stem).</summary>
    public void SandboxAcquired(WorkerSandbox sandbox, bool placedWarm)
    {
        _sandboxAcquired = Now();
        StartKind = KindOf(sandbox, placedWarm);
    }

    public void Answered() => _answered = Now();

    /// <summary>
    /// The phases, with <see cref="InvocationPhases.RecordedMs"/> stamped now. The sandbox's own stamps come from
    /// <paramref name="result"/>: when the handler started, and for a sandbox initialised for this invocation, how
    /// long that took (counted from the placement, where the sandbox began to be made, and kept between the
    /// sandbox's acquisition and the handler's start).
    /// </summary>
    public InvocationPhases Phases(InvocationResult? result)
    {
        var recorded = Now();
        var handlerStarted = result?.HandlerStartedAt is { } started ? Within((started - Arrived).TotalMilliseconds, _answered ?? recorded) : null;
        double? initialized = null;
        if (StartKind is Abstractions.Invocations.StartKind.Cold or Abstractions.Invocations.StartKind.Prewarmed
            && result?.InitDuration is { } init && (_placed ?? _admitted) is { } from)
        {
            // The estimate from a duration is kept between the sandbox's acquisition (the invoker cannot have seen
            // the end of initialisation before it had the sandbox) and the handler's start (init ends before it).
            initialized = Math.Clamp(from + init.TotalMilliseconds, _sandboxAcquired ?? from, Math.Max(_sandboxAcquired ?? from, handlerStarted ?? _answered ?? recorded));
        }

        return new InvocationPhases
        {
            AdmittedMs = _admitted,
            PlacedMs = _placed,
            SandboxAcquiredMs = _sandboxAcquired,
            InitializedMs = initialized,
            HandlerStartedMs = handlerStarted,
            AnsweredMs = _answered,
            RecordedMs = recorded,
        };
    }

    /// <summary>
    /// A warm placement runs on a sandbox kept ready by provisioned concurrency or on an ordinary warm one; a new
    /// sandbox was either specialised from a pre-warmed stem cell or made for this invocation.
    /// </summary>
    public static StartKind KindOf(WorkerSandbox sandbox, bool placedWarm)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        if (placedWarm)
        {
            return sandbox.Provisioned ? Abstractions.Invocations.StartKind.Provisioned : Abstractions.Invocations.StartKind.Warm;
        }

        return sandbox.Origin == SandboxOrigin.Stem ? Abstractions.Invocations.StartKind.Prewarmed : Abstractions.Invocations.StartKind.Cold;
    }

    private double Now() => time.GetElapsedTime(_arrived).TotalMilliseconds;

    /// <summary>A stamp from another clock, kept only when it falls between the arrival and <paramref name="latest"/>.</summary>
    private static double? Within(double ms, double latest) => ms >= 0 && ms <= latest ? ms : null;
}
