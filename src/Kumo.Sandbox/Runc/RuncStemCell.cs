using System.Diagnostics;
using Kumo.Sandbox.Oci;
using Kumo.Sandbox.Stems;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// A runc sandbox started as a stem cell: its limits are in force and its runtime (or only kumo-init) waits on the
/// hand-over. <see cref="SpecializeAsync"/> mounts one function's code onto its slot, read-only, then answers the
/// hand-over with the function's environment, and the sandbox is that function's from then on.
/// </summary>
internal sealed class RuncStemCell : IStemCell
{
    private readonly RuncSandbox _sandbox;
    private readonly RuncSandboxDriver _driver;

    public RuncStemCell(RuncSandbox sandbox, StemCellKind kind, RuncSandboxDriver driver)
    {
        _sandbox = sandbox;
        _driver = driver;
        Kind = kind;
        Ready = WaitReadyAsync();
    }

    public string Id => _sandbox.Id;

    public StemCellKind Kind { get; }

    public Task Ready { get; }

    public bool IsAvailable =>
        _sandbox.State == SandboxState.Stem
        && !_sandbox.Exited.IsCompleted
        && !_sandbox.Session.HandOver!.Abandoned.IsCompleted;

    public async Task<ISandbox> SpecializeAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var runtime = _driver.Catalog.Find(spec.Runtime, out var problem) ?? throw new ArgumentException(problem, nameof(spec));
        if (!StemCellFit.Fits(Kind, spec, runtime, out var misfit))
        {
            throw new ArgumentException($"stem cell {Id} ({Kind}) cannot take function {spec.FunctionName}: {misfit}", nameof(spec));
        }

        var code = _driver.CanonicalCodeDirectory(spec.CodeDirectory, out var notCanonical)
            ?? throw new ArgumentException(notCanonical, nameof(spec));
        if (!IsAvailable || !_sandbox.TryMove(SandboxState.Stem, SandboxState.Specialising))
        {
            throw new InvalidOperationException(_sandbox.State is SandboxState.Specialising or SandboxState.Specialised
                ? $"stem cell {Id} was specialised before: a sandbox takes one function, once"
                : $"stem cell {Id} is no longer available (it died or was disposed)");
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var startedAt = Stopwatch.GetTimestamp();
            // The code first, the hand-over second: the handler's name never arrives before its code.
            _sandbox.Slot!.Attach(code);
            var logStream = $"{DateTime.UtcNow:yyyy/MM/dd}/[{spec.Version}]{Id}";
            var environment = SandboxEnvironment.Function(spec, runtime, logStream, SandboxCredentials.Generate());
            var message = HandOverMessage.Serialize(spec, runtime, environment);
            _sandbox.CompleteSpecialising(spec, startedAt);
            _sandbox.Session.HandOver!.Answer(message);
            return _sandbox;
        }
        catch (Exception e) when (e is SandboxException or InvalidOperationException or IOException or OperationCanceledException)
        {
            _sandbox.MarkDead("its specialisation failed");
            try
            {
                await _sandbox.DisposeAsync();
            }
            catch (SandboxException)
            {
                // What is left is removed at the next start; the failure to report is the specialisation's.
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new SandboxException($"stem cell {Id} could not be specialised for function {spec.FunctionName}: {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync() => _sandbox.DisposeAsync();

    /// <summary>
    /// Completes when the stem waits for its hand-over; faults when it ended first, when its request went away, or when
    /// it did not get there within the init timeout (then it is killed).
    /// </summary>
    private async Task WaitReadyAsync()
    {
        var handOver = _sandbox.Session.HandOver!;
        using var timer = new CancellationTokenSource();
        var timeout = Task.Delay(_driver.Options.InitTimeout, timer.Token);
        await Task.WhenAny(handOver.Waiting, _sandbox.Exited, timeout);
        await timer.CancelAsync();
        if (handOver.Waiting.IsCompleted)
        {
            return;
        }

        if (_sandbox.Exited.IsCompleted)
        {
            var status = await _sandbox.Exited;
            var how = Posix.Exited(status) ? $"exit status {Posix.ExitCode(status)}" : $"signal: {Posix.SignalName(Posix.TermSignal(status))}";
            var said = await _sandbox.RuncErrorAsync() ?? await _sandbox.StemOutputAsync();
            _sandbox.MarkDead("it ended before it was ready");
            throw new SandboxException($"stem cell {Id} ({Kind}) ended before it was ready ({how}){(said is null ? "" : $": {said}")}");
        }

        if (_sandbox.TryMove(SandboxState.Stem, SandboxState.Dead))
        {
            _sandbox.MarkDead("it was not ready within the init timeout");
            await _sandbox.KillAsync();
        }

        throw new SandboxException($"stem cell {Id} ({Kind}) did not wait for its hand-over within {_driver.Options.InitTimeout.TotalSeconds:0.##} s");
    }
}
