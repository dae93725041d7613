using Kumo.Sandbox;
using Kumo.Sandbox.Stems;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>
/// Makes <see cref="FakeSandbox"/>es named sb-1, sb-2 … and keeps every one it made. With <see cref="Stems"/> on it also
/// makes <see cref="FakeStemCell"/>s (stem-1, stem-2 …) of kind (runtime, memory) for every spec. Thread-safe: pools
/// start stems in the background.
/// </summary>
internal sealed class FakeSandboxDriver : ISandboxDriver
{
    private readonly Lock _gate = new();
    private readonly List<FakeSandbox> _created = [];
    private readonly List<FakeStemCell> _stems = [];
    private readonly List<string> _removals = [];

    public string Name => "fake";

    public bool Isolates => false;

    /// <summary>The sandboxes made by <see cref="CreateAsync"/> (not those stems became).</summary>
    public List<FakeSandbox> Created
    {
        get
        {
            lock (_gate)
            {
                return [.. _created];
            }
        }
    }

    /// <summary>Every stem made, in order.</summary>
    public List<FakeStemCell> StemsMade
    {
        get
        {
            lock (_gate)
            {
                return [.. _stems];
            }
        }
    }

    /// <summary>The ids of sandboxes and stems in the order they were disposed.</summary>
    public List<string> Removals
    {
        get
        {
            lock (_gate)
            {
                return [.. _removals];
            }
        }
    }

    /// <summary>When set, the next creation fails with it.</summary>
    public Exception? FailNext { get; set; }

    /// <summary>Whether the driver has stem cells (off by default: <see cref="StemCellFor"/> names none).</summary>
    public bool Stems { get; set; }

    /// <summary>When set, new stems stay starting until the test calls <see cref="FakeStemCell.MakeReady"/>.</summary>
    public bool HoldStems { get; set; }

    /// <summary>When set, the next stem creation fails with it.</summary>
    public Exception? FailNextStem { get; set; }

    /// <summary>When set, every specialisation of a stem fails with it (unless the stem has a failure of its own).</summary>
    public Exception? FailSpecializations { get; set; }

    /// <summary>When set, new sandboxes (made or specialised) answer this to <see cref="ISandbox.WaitInitializedAsync"/>.</summary>
    public string? InitFailure { get; set; }

    /// <summary>When set, new sandboxes wait in <see cref="ISandbox.WaitInitializedAsync"/> until the test completes their <see cref="FakeSandbox.InitGate"/>.</summary>
    public bool HoldInit { get; set; }

    /// <summary>How many times <see cref="StemCellFor"/> was asked.</summary>
    public int StemQuestions { get; private set; }

    public Task<ISandbox> CreateAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        if (FailNext is { } failure)
        {
            FailNext = null;
            return Task.FromException<ISandbox>(failure);
        }

        FakeSandbox sandbox;
        lock (_gate)
        {
            sandbox = new FakeSandbox($"sb-{_created.Count + 1}", spec);
            _created.Add(sandbox);
        }

        return Task.FromResult<ISandbox>(Adopt(sandbox));
    }

    public StemCellKind? StemCellFor(SandboxSpec spec, out string? reason)
    {
        StemQuestions++;
        if (!Stems)
        {
            reason = "the fake driver makes stems only when a test asks for them";
            return null;
        }

        reason = null;
        return new StemCellKind(spec.Runtime, spec.MemoryMb);
    }

    public Task<IStemCell> CreateStemCellAsync(StemCellKind kind, CancellationToken cancellationToken)
    {
        if (FailNextStem is { } failure)
        {
            FailNextStem = null;
            return Task.FromException<IStemCell>(failure);
        }

        FakeStemCell stem;
        lock (_gate)
        {
            stem = new FakeStemCell($"stem-{_stems.Count + 1}", kind, this, ready: !HoldStems);
            _stems.Add(stem);
        }

        return Task.FromResult<IStemCell>(stem);
    }

    /// <summary>Gives a new sandbox the test's initialisation settings and records its removal.</summary>
    internal FakeSandbox Adopt(FakeSandbox sandbox)
    {
        sandbox.InitFailure = InitFailure;
        sandbox.InitGate = HoldInit ? new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        sandbox.OnDispose = Removed;
        return sandbox;
    }

    internal void Removed(string id)
    {
        lock (_gate)
        {
            _removals.Add(id);
        }
    }
}
