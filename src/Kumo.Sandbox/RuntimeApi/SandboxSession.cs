using System.Threading.Channels;
using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// The Runtime API's view of one sandbox: the invocation waiting for the runtime's <c>/next</c>, the one in
/// progress, and whether the runtime has initialised or reported an init error. One invocation at a time,
/// as on Lambda. It also counts the sandbox's connections to the Runtime API and to Kumo's own APIs, and for a
/// stem cell holds its hand-over.
/// </summary>
/// <param name="sandboxId">The sandbox's id.</param>
/// <param name="initPidFile">The file runc writes the host pid of the sandbox's PID 1 to.</param>
/// <param name="stem">Whether the sandbox is a stem cell, which waits for its function to be handed over.</param>
internal sealed class SandboxSession(string sandboxId, string initPidFile, bool stem = false)
{
    /// <summary>How many Runtime API connections one sandbox may hold open at once.</summary>
    public const int MaxRuntimeApiConnections = 8;

    /// <summary>
    /// How many connections to Kumo's own APIs (the gateway socket) one sandbox may hold open at once: more than
    /// the connection pools of the AWS SDKs keep by default (botocore 10, the SDK for JavaScript 50), few enough
    /// that a function cannot tie up the host's connections and file descriptors.
    /// </summary>
    public const int MaxGatewayConnections = 64;

    private int _initPid;
    private long _initializedAt;

    private readonly Channel<PendingInvocation> _waiting = Channel.CreateBounded<PendingInvocation>(1);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RuntimeOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PendingInvocation? _current;

    public string SandboxId { get; } = sandboxId;

    /// <summary>The host pid of the sandbox's PID 1 (kumo-init), once runc has written it; 0 before.</summary>
    public int InitPid
    {
        get
        {
            if (Volatile.Read(ref _initPid) == 0
                && File.Exists(initPidFile)
                && int.TryParse(File.ReadAllText(initPidFile).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                Volatile.Write(ref _initPid, pid);
            }

            return Volatile.Read(ref _initPid);
        }
    }

    /// <summary>The sandbox's open Runtime API connections.</summary>
    public ConnectionLimit RuntimeApiConnections { get; } = new(MaxRuntimeApiConnections);

    /// <summary>The sandbox's open connections to Kumo's own APIs, through the gateway socket.</summary>
    public ConnectionLimit GatewayConnections { get; } = new(MaxGatewayConnections);

    /// <summary>Completes at the runtime's first <c>/next</c>: it has loaded the handler and waits for work.</summary>
    public Task Initialized => _initialized.Task;

    /// <summary>When <see cref="Initialized"/> completed, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp; 0 before.</summary>
    public long InitializedAt => Interlocked.Read(ref _initializedAt);

    /// <summary>A stem cell's hand-over; null for a sandbox started for its function.</summary>
    public StemHandOver? HandOver { get; } = stem ? new StemHandOver() : null;

    /// <summary>
    /// Whether the sandbox is a stem cell that has not been handed its function yet: until then it may only wait for
    /// the hand-over, neither take invocations nor call Kumo's APIs.
    /// </summary>
    public bool AwaitsHandOver => HandOver is { IsAnswered: false };

    /// <summary>Completes when the runtime posts <c>/init/error</c>.</summary>
    public Task<RuntimeOutcome> InitError => _initError.Task;

    /// <summary>Hands an invocation to the runtime; the returned task completes with the runtime's answer.</summary>
    public PendingInvocation Submit(InvocationRequest request, DateTimeOffset deadline, string functionArn)
    {
        var pending = new PendingInvocation(request, deadline, functionArn);
        if (!_waiting.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException($"sandbox {SandboxId} already has an invocation waiting");
        }

        return pending;
    }

    /// <summary>For <c>GET /next</c>: waits for the next invocation.</summary>
    public async Task<PendingInvocation> NextAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _initializedAt) == 0)
        {
            Interlocked.CompareExchange(ref _initializedAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        }

        _initialized.TrySetResult();
        var next = await _waiting.Reader.ReadAsync(cancellationToken);
        Volatile.Write(ref _current, next);
        return next;
    }

    /// <summary>For <c>/response</c> and <c>/error</c>: completes the invocation with that id, if it is the current one.</summary>
    public bool TryComplete(string requestId, RuntimeOutcome outcome)
    {
        var current = Volatile.Read(ref _current);
        if (current is null || current.Request.RequestId != requestId)
        {
            return false;
        }

        Interlocked.CompareExchange(ref _current, null, current);
        return current.TryComplete(outcome);
    }

    /// <summary>For <c>/init/error</c>.</summary>
    public void ReportInitError(RuntimeOutcome outcome) => _initError.TrySetResult(outcome);

    /// <summary>The invocation the runtime is working on, if any.</summary>
    public PendingInvocation? Current => Volatile.Read(ref _current);
}
