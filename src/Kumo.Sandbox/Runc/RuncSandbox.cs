using System.Diagnostics;
using System.Globalization;
using Kumo.Sandbox.Invocations;
using Kumo.Sandbox.Mounts;
using Kumo.Sandbox.RuntimeApi;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// A sandbox run by <c>runc run</c>: kumo-init as PID 1, the runtime under it, and the session the Runtime
/// API hands invocations through. Once it times out, crashes or runs out of memory it is no longer reusable.
/// A stem cell is one too, with no function until it is specialised (see <see cref="SandboxState"/>).
/// </summary>
internal sealed partial class RuncSandbox : ISandbox
{
    private const int InitFailedExitCode = 125;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(10);

    private readonly RuncSandboxDriver _driver;
    private readonly SandboxSession _session;
    private readonly SpawnedProcess _process;
    private readonly OutputPipe _stdout;
    private readonly OutputPipe _stderr;
    private readonly SandboxOutput _output;
    private readonly string _bundle;
    private readonly Task<SandboxNetwork>? _network;
    private readonly TaskSlot? _slot;
    private SandboxSpec? _spec;
    private int _state;
    private long _initStartedAt;
    private int _initCounted;
    private int _busy;
    private DateTimeOffset? _handlerStartedAt;
    private string? _deadReason;
    private int _disposed;

    // spec: null for a stem cell, which gets one when it is specialised; slot: a stem cell's code slot.
    public RuncSandbox(
        string id,
        SandboxSpec? spec,
        RuncSandboxDriver driver,
        SandboxSession session,
        SpawnedProcess process,
        OutputPipe stdout,
        OutputPipe stderr,
        SandboxOutput output,
        string bundle,
        long createdAt,
        int userId,
        Task<SandboxNetwork>? network,
        TaskSlot? slot = null)
    {
        UserId = userId;
        _network = network;
        _slot = slot;
        Id = id;
        _spec = spec;
        _state = (int)(spec is null ? SandboxState.Stem : SandboxState.Specialised);
        _driver = driver;
        _session = session;
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
        _output = output;
        _bundle = bundle;
        _initStartedAt = createdAt;
    }

    public string Id { get; }

    /// <summary>The function; a stem cell has none until it is specialised.</summary>
    public SandboxSpec Spec => Volatile.Read(ref _spec) ?? throw new InvalidOperationException($"sandbox {Id} is a stem cell: it has no function until it is specialised");

    public SandboxState State => (SandboxState)Volatile.Read(ref _state);

    /// <summary>The session the Runtime API serves this sandbox through.</summary>
    public SandboxSession Session => _session;

    /// <summary>The wait status of <c>runc run</c>, once the sandbox ended.</summary>
    public Task<int> Exited => _process.Exited;

    /// <summary>A stem cell's code slot; null for a sandbox started with its code.</summary>
    public TaskSlot? Slot => _slot;

    /// <summary>The uid (and gid) the sandbox runs as.</summary>
    public int UserId { get; }

    public bool IsReusable => State == SandboxState.Specialised && Volatile.Read(ref _deadReason) is null && !_process.Exited.IsCompleted;

    private string CgroupPath => _driver.Layout.CgroupOf(Id);

    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            throw new InvalidOperationException($"sandbox {Id} is already running an invocation");
        }

        _handlerStartedAt = null;
        try
        {
            if (Volatile.Read(ref _deadReason) is { } reason)
            {
                throw new InvalidOperationException($"sandbox {Id} cannot be reused: {reason}");
            }

            if (State != SandboxState.Specialised)
            {
                throw new InvalidOperationException($"sandbox {Id} is a stem cell: specialise it before invoking it");
            }

            if (!_session.Initialized.IsCompleted)
            {
                var failure = await WaitForInitAsync(request, cancellationToken);
                if (failure is not null)
                {
                    return failure;
                }
            }

            // The first invocation reports the init, from creation (or specialisation) to the runtime's first /next,
            // unless WaitInitializedAsync already waited for it.
            TimeSpan? initDuration = Interlocked.Exchange(ref _initCounted, 1) == 0 ? InitDuration() : null;
            return await RunAsync(request, initDuration, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public async Task<string?> WaitInitializedAsync(CancellationToken cancellationToken)
    {
        if (State is SandboxState.Stem or SandboxState.Specialising)
        {
            throw new InvalidOperationException($"sandbox {Id} is a stem cell: it initialises once it is specialised");
        }

        if (_session.Initialized.IsCompleted)
        {
            Volatile.Write(ref _initCounted, 1);
            return Volatile.Read(ref _deadReason);
        }

        if (Volatile.Read(ref _deadReason) is { } dead)
        {
            return dead;
        }

        var left = _driver.Options.InitTimeout - Stopwatch.GetElapsedTime(Volatile.Read(ref _initStartedAt));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, timer.Token);
        await Task.WhenAny(_session.Initialized, _session.InitError, _process.Exited, timeout);
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (_session.Initialized.IsCompleted)
        {
            Volatile.Write(ref _initCounted, 1);
            return null;
        }

        var reason = _session.InitError.IsCompleted
            ? $"the runtime reported an init error ({(await _session.InitError).ErrorType})"
            : _process.Exited.IsCompleted ? "its runtime exited during init" : "init timed out";
        MarkDead(reason);
        await KillAsync();
        return reason;
    }

    /// <summary>
    /// Makes this stem cell the sandbox of <paramref name="spec"/>, once its code is mounted: init is counted from
    /// <paramref name="startedAt"/>, and what the stem wrote before (its bootstrap starting) is not the function's log.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sandbox died (or was disposed) while its code was mounted.</exception>
    internal void CompleteSpecialising(SandboxSpec spec, long startedAt)
    {
        Volatile.Write(ref _spec, spec);
        Volatile.Write(ref _initStartedAt, startedAt);
        _output.Take();
        if (Interlocked.CompareExchange(ref _state, (int)SandboxState.Specialised, (int)SandboxState.Specialising) != (int)SandboxState.Specialising)
        {
            throw new InvalidOperationException($"sandbox {Id} {Volatile.Read(ref _deadReason) ?? "died"} while it was specialised");
        }
    }

    /// <summary>Moves a stem cell from <paramref name="from"/> to <paramref name="to"/>; false when it is elsewhere.</summary>
    internal bool TryMove(SandboxState from, SandboxState to) =>
        Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    private TimeSpan InitDuration()
    {
        var initializedAt = _session.InitializedAt;
        return Stopwatch.GetElapsedTime(Volatile.Read(ref _initStartedAt), initializedAt == 0 ? Stopwatch.GetTimestamp() : initializedAt);
    }

    private async Task<InvocationResult?> WaitForInitAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var left = _driver.Options.InitTimeout - Stopwatch.GetElapsedTime(Volatile.Read(ref _initStartedAt));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, timer.Token);
        var first = await Task.WhenAny(_session.Initialized, _session.InitError, _process.Exited, timeout);
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        var initDuration = Stopwatch.GetElapsedTime(Volatile.Read(ref _initStartedAt));

        if (_session.Initialized.IsCompleted)
        {
            return null;
        }

        if (_session.InitError.IsCompleted)
        {
            var error = await _session.InitError;
            MarkDead("the runtime reported an init error");
            return await ResultAsync(InvocationStatus.InitError, error.Body, error.ErrorType, initDuration, initDuration, "init");
        }

        if (first == _process.Exited)
        {
            return await ExitedResultAsync(request, initDuration, initDuration);
        }

        MarkDead("init timed out");
        await KillAsync();
        var message = $"RequestId: {request.RequestId} Error: Init timed out after {_driver.Options.InitTimeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds";
        _output.Append(message);
        return await ResultAsync(InvocationStatus.TimedOut, LambdaError.Create("Sandbox.Timedout", message), "Sandbox.Timedout", initDuration, initDuration);
    }

    private async Task<InvocationResult> RunAsync(InvocationRequest request, TimeSpan? initDuration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _handlerStartedAt = DateTimeOffset.UtcNow;
        var deadline = _handlerStartedAt.Value + Spec.Timeout;
        var pending = _session.Submit(request, deadline, Spec.FunctionArn);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(Spec.Timeout, timer.Token);
        await Task.WhenAny(pending.Outcome, _process.Exited, timeout);
        await timer.CancelAsync();
        var duration = Stopwatch.GetElapsedTime(started);

        if (pending.Outcome.IsCompleted)
        {
            // Also when the runtime exited, or the deadline passed, just after it answered: the answer stands.
            var outcome = await pending.Outcome;
            return await ResultAsync(
                outcome.Succeeded ? InvocationStatus.Succeeded : InvocationStatus.FunctionError,
                outcome.Body,
                outcome.ErrorType,
                duration,
                initDuration,
                request.RequestId);
        }

        if (_process.Exited.IsCompleted)
        {
            return await ExitedResultAsync(request, duration, initDuration);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            MarkDead("the caller gave up on an invocation in progress");
            await KillAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        MarkDead("an invocation timed out");
        await KillAsync();
        var message = $"RequestId: {request.RequestId} Error: Task timed out after {Spec.Timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds";
        _output.Append(message);
        return await ResultAsync(InvocationStatus.TimedOut, LambdaError.Create("Sandbox.Timedout", message), "Sandbox.Timedout", duration, initDuration);
    }

    private async Task<InvocationResult> ExitedResultAsync(InvocationRequest request, TimeSpan duration, TimeSpan? initDuration)
    {
        var status = await _process.Exited;
        var code = Posix.Exited(status) ? Posix.ExitCode(status) : 128 + Posix.TermSignal(status);
        if (code == InitFailedExitCode && !_session.Initialized.IsCompleted && await RuncErrorAsync() is { } runcError)
        {
            MarkDead("runc failed");
            throw new SandboxException($"runc could not start sandbox {Id}: {runcError}");
        }

        var outOfMemory = _driver.Cgroups.OomKills(CgroupPath) > 0;
        MarkDead(outOfMemory ? "it ran out of memory" : "its runtime exited");
        var how = code > 128 ? $"signal: {Posix.SignalName(code - 128)}" : $"exit status {code}";
        var (statusKind, errorType) = outOfMemory
            ? (InvocationStatus.OutOfMemory, "Runtime.OutOfMemory")
            : code == InitFailedExitCode && !_session.Initialized.IsCompleted
                ? (InvocationStatus.RuntimeExited, "Runtime.InvalidEntrypoint")
                : (InvocationStatus.RuntimeExited, "Runtime.ExitError");
        var message = $"RequestId: {request.RequestId} Error: Runtime exited with error: {how}";
        if (outOfMemory)
        {
            message += $" (the function used more than its {Spec.MemoryMb} MB of memory)";
        }

        _output.Append(message);
        return await ResultAsync(statusKind, LambdaError.Create(errorType, message), errorType, duration, initDuration);
    }

    // answeredAs: the marker kumo-init wrote when the runtime answered (the request id, or "init"); null when
    // the runtime did not answer and the sandbox is dead, and its output ends instead.
    private async Task<InvocationResult> ResultAsync(
        InvocationStatus status, byte[] payload, string? errorType, TimeSpan duration, TimeSpan? initDuration, string? answeredAs = null)
    {
        await DrainAsync(answeredAs);
        return new InvocationResult(status, payload, errorType, _output.Take(), duration, initDuration, _driver.Cgroups.PeakMemory(CgroupPath))
        {
            HandlerStartedAt = _handlerStartedAt,
        };
    }

    /// <summary>Waits until everything the sandbox wrote before it answered (or died) is in the log, or a short while at most.</summary>
    private async Task DrainAsync(string? answeredAs)
    {
        try
        {
            using var limit = new CancellationTokenSource(DrainLimit);
            await (answeredAs is null
                ? Task.WhenAll(_stdout.Completion, _stderr.Completion).WaitAsync(limit.Token)
                : Task.WhenAll(_stdout.WaitForMarkerAsync(answeredAs, limit.Token), _stderr.WaitForMarkerAsync(answeredAs, limit.Token)));
        }
        catch (OperationCanceledException)
        {
            // A sandbox that floods its output, or a runtime that answered in a way kumo-init did not see, must
            // not hold the answer back.
        }
    }

    /// <summary>
    /// What a stem that ended before its hand-over wrote (kumo-init's or the bootstrap's own error), after a short wait
    /// for the pipes to drain; null when it wrote nothing.
    /// </summary>
    internal async Task<string?> StemOutputAsync()
    {
        await DrainAsync(answeredAs: null);
        var lines = _output.Take();
        return lines.Count == 0 ? null : string.Join(" | ", lines.TakeLast(5).Select(l => l.Text.Trim()));
    }

    /// <summary>runc's own errors from its log, joined; null when it logged none.</summary>
    internal Task<string?> RuncErrorAsync() => RuncLog.ErrorsAsync(Path.Combine(_bundle, "runc.log"));

    /// <summary>Marks the sandbox dead for <paramref name="reason"/> (the first reason stays); it is never used again.</summary>
    internal void MarkDead(string reason)
    {
        Interlocked.CompareExchange(ref _deadReason, reason, null);
        Volatile.Write(ref _state, (int)SandboxState.Dead);
    }
}
