namespace Kumo.Invocation.Events;

/// <summary>Wakes the dispatcher when an event arrives, so that it need not poll fast to start promptly.</summary>
internal sealed class EventSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one pending wake-up is enough.
        }
    }

    /// <summary>Waits for a wake-up, at most <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
