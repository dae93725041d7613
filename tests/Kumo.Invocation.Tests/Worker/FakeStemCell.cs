using Kumo.Sandbox;
using Kumo.Sandbox.Stems;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>
/// A stem cell that runs nothing: ready when the test says (or at once), and specialised into a <see cref="FakeSandbox"/>
/// with its own id, at most once; it counts every attempt so a test can check that none was specialised twice.
/// </summary>
internal sealed class FakeStemCell : IStemCell
{
    private readonly FakeSandboxDriver _driver;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _specializations;
    private int _disposals;
    private volatile bool _dead;

    public FakeStemCell(string id, StemCellKind kind, FakeSandboxDriver driver, bool ready)
    {
        Id = id;
        Kind = kind;
        _driver = driver;
        if (ready)
        {
            _ready.SetResult();
        }
    }

    public string Id { get; }

    public StemCellKind Kind { get; }

    public Task Ready => _ready.Task;

    public bool IsAvailable => !_dead && Disposals == 0 && Sandbox is null;

    /// <summary>How many times <see cref="SpecializeAsync"/> was called (allowed: once).</summary>
    public int Specializations => Volatile.Read(ref _specializations);

    public int Disposals => Volatile.Read(ref _disposals);

    /// <summary>What it became; null until it was specialised.</summary>
    public FakeSandbox? Sandbox { get; private set; }

    /// <summary>
    /// When set, the next specialisation fails with it; else with the driver's <see cref="FakeSandboxDriver.FailSpecializations"/>.
    /// For a <see cref="SandboxException"/> the stem disposes itself first, as the contract says; for any other, the caller must.
    /// </summary>
    public Exception? FailSpecialization { get; set; }

    /// <summary>When set, <see cref="DisposeAsync"/> waits for it (a runc kill that takes its time) before it counts.</summary>
    public TaskCompletionSource? DisposeGate { get; set; }

    /// <summary>Whether it was disposed once, or became a sandbox that was disposed once: it left nothing behind.</summary>
    public bool Gone => Sandbox is { } sandbox ? sandbox.Disposals == 1 && Disposals == 0 : Disposals == 1;

    /// <summary>Ends its start: it waits for a function from now on.</summary>
    public void MakeReady() => _ready.TrySetResult();

    /// <summary>Its runtime dies: no longer available; a start not yet ended fails.</summary>
    public void Die()
    {
        _dead = true;
        _ready.TrySetException(new SandboxException($"stem {Id} died"));
    }

    public async Task<ISandbox> SpecializeAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _specializations);
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"stem {Id} was specialised before or is no longer available");
        }

        if ((FailSpecialization ?? _driver.FailSpecializations) is { } failure)
        {
            if (failure is SandboxException)
            {
                await DisposeAsync();
            }

            throw failure;
        }

        await Task.Yield();
        Sandbox = _driver.Adopt(new FakeSandbox(Id, spec));
        return Sandbox;
    }

    public async ValueTask DisposeAsync()
    {
        if (DisposeGate is { } gate)
        {
            await gate.Task;
        }

        Interlocked.Increment(ref _disposals);
        _driver.Removed(Id);
    }
}
