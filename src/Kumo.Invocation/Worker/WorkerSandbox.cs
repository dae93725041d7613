using Kumo.Sandbox;

namespace Kumo.Invocation.Worker;

/// <summary>One sandbox this node owns, with whose it is and whether it is in use.</summary>
internal sealed class WorkerSandbox(ISandbox sandbox, string functionKey, string revisionId, int memoryMb, DateTimeOffset createdAt)
{
    private const int Idle = 0;
    private const int Busy = 1;
    private const int Retired = 2;

    private readonly Lock _keepAliveGate = new();
    private int _state = Busy;
    private long _expiresAtTicks = DateTimeOffset.MaxValue.UtcTicks;
    private int _idlePeriod;
    private volatile bool _awaitingListing;

    public ISandbox Sandbox { get; } = sandbox;

    public string Id => Sandbox.Id;

    /// <summary>The function's coordinator key, <c>{tenant}/{name}</c>.</summary>
    public string FunctionKey { get; } = functionKey;

    public string RevisionId { get; } = revisionId;

    public int MemoryMb { get; } = memoryMb;

    /// <summary>How it was made: for an invocation, from a stem cell, ahead of need, or for provisioned concurrency.</summary>
    public SandboxOrigin Origin { get; init; } = SandboxOrigin.Created;

    /// <summary>Whether it is kept ready by a provisioned concurrency setting (the keep-alive never unloads it).</summary>
    public bool Provisioned => Origin == SandboxOrigin.Provisioned;

    /// <summary>When it last finished an invocation (or was made).</summary>
    public DateTimeOffset LastUsed { get; private set; } = createdAt;

    /// <summary>
    /// When the keep-alive unloads it if it is still idle then (<see cref="DateTimeOffset.MaxValue"/>: never, as for a
    /// provisioned one); set each time it goes idle.
    /// </summary>
    public DateTimeOffset ExpiresAt => new(Interlocked.Read(ref _expiresAtTicks), TimeSpan.Zero);

    /// <summary>Counts the times it went idle: a later change of <see cref="ExpiresAt"/> names the idle spell it is for.</summary>
    public int IdlePeriod
    {
        get
        {
            lock (_keepAliveGate)
            {
                return _idlePeriod;
            }
        }
    }

    public bool IsIdle => Volatile.Read(ref _state) == Idle;

    /// <summary>
    /// Whether it waits, idle, for its coordinator to list it (a warm start's offer is on its way): an invocation the
    /// coordinator sends may claim it, but neither the keep-alive nor a memory reservation removes it meanwhile, or the
    /// coordinator would list a sandbox that is gone.
    /// </summary>
    public bool AwaitingListing
    {
        get => _awaitingListing;
        set => _awaitingListing = value;
    }

    /// <summary>Takes an idle sandbox for an invocation; false when it is busy or being removed.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Busy, Idle) == Idle;

    /// <summary>Marks an idle sandbox for removal; false when an invocation claimed it first.</summary>
    public bool TryRetire() => Interlocked.CompareExchange(ref _state, Retired, Idle) == Idle;

    /// <summary>Puts a busy sandbox back to wait for the next invocation, until <paramref name="expiresAt"/>; returns the new <see cref="IdlePeriod"/>.</summary>
    public int Release(DateTimeOffset now, DateTimeOffset expiresAt)
    {
        int period;
        lock (_keepAliveGate)
        {
            LastUsed = now;
            Interlocked.Exchange(ref _expiresAtTicks, Provisioned ? DateTimeOffset.MaxValue.UtcTicks : expiresAt.UtcTicks);
            period = ++_idlePeriod;
        }

        Volatile.Write(ref _state, Idle);
        return period;
    }

    /// <summary>
    /// Moves <see cref="ExpiresAt"/> of the idle spell <paramref name="idlePeriod"/>; false, changing nothing, when the
    /// sandbox is no longer in that spell (an invocation claimed it since, or it is being removed) or is provisioned.
    /// </summary>
    public bool KeepUntil(int idlePeriod, DateTimeOffset expiresAt)
    {
        // Under the gate, a release cannot slip in between the check and the write: one that comes after sets its own time.
        lock (_keepAliveGate)
        {
            if (Provisioned || !IsIdle || _idlePeriod != idlePeriod)
            {
                return false;
            }

            Interlocked.Exchange(ref _expiresAtTicks, expiresAt.UtcTicks);
            return true;
        }
    }

    /// <summary>Marks a busy sandbox for removal.</summary>
    public void Retire() => Volatile.Write(ref _state, Retired);
}

/// <summary>How a <see cref="WorkerSandbox"/> was made.</summary>
internal enum SandboxOrigin
{
    /// <summary>Made for an invocation, on the request path.</summary>
    Created,

    /// <summary>A pre-warmed stem cell specialised for an invocation.</summary>
    Stem,

    /// <summary>Made and initialised ahead of need by the keep-alive policy.</summary>
    PreWarmed,

    /// <summary>Made and initialised for a provisioned concurrency setting.</summary>
    Provisioned,
}
