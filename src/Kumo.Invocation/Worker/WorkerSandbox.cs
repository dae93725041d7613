using Kumo.Sandbox;

namespace Kumo.Invocation.Worker;

/// <summary>One sandbox this node owns, with whose it is and whether it is in use.</summary>
internal sealed class WorkerSandbox(ISandbox sandbox, string functionKey, string revisionId, int memoryMb, DateTimeOffset createdAt)
{
    private const int Idle = 0;
    private const int Busy = 1;
    private const int Retired = 2;

    private int _state = Busy;

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

    public bool IsIdle => Volatile.Read(ref _state) == Idle;

    /// <summary>Takes an idle sandbox for an invocation; false when it is busy or being removed.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Busy, Idle) == Idle;

    /// <summary>Marks an idle sandbox for removal; false when an invocation claimed it first.</summary>
    public bool TryRetire() => Interlocked.CompareExchange(ref _state, Retired, Idle) == Idle;

    /// <summary>Puts a busy sandbox back to wait for the next invocation.</summary>
    public void Release(DateTimeOffset now)
    {
        LastUsed = now;
        Volatile.Write(ref _state, Idle);
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
