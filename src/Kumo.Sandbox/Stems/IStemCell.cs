namespace Kumo.Sandbox.Stems;

/// <summary>
/// A sandbox started ahead of need with no function in it: its limits are in force and its runtime (or only
/// kumo-init) waits for the hand-over. It becomes one function's sandbox once, and never goes back to a pool.
/// </summary>
public interface IStemCell : IAsyncDisposable
{
    /// <summary>The sandbox's id; the specialised sandbox keeps it.</summary>
    string Id { get; }

    /// <summary>What runs in it, and its memory size.</summary>
    StemCellKind Kind { get; }

    /// <summary>Completes once the stem waits for its hand-over; faults with a <see cref="SandboxException"/> when it died first.</summary>
    Task Ready { get; }

    /// <summary>False once it died, was disposed, or was specialised.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Turns the stem into a sandbox running <paramref name="spec"/>: the function's code appears at <c>/var/task</c>
    /// (read-only), its environment and handler are handed over, and its runtime loads the handler in the background
    /// (as a new sandbox's does). Allowed once: after that the stem is the returned sandbox.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stem was specialised before, or is no longer available.</exception>
    /// <exception cref="ArgumentException"><paramref name="spec"/> does not fit this stem (<see cref="ISandboxDriver.StemCellFor"/> names another kind or none).</exception>
    /// <exception cref="SandboxException">The platform could not hand the function over; the stem is disposed.</exception>
    Task<ISandbox> SpecializeAsync(SandboxSpec spec, CancellationToken cancellationToken);
}
