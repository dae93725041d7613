using Kumo.Abstractions.Status;

namespace Kumo.Gateway.Lifecycle;

/// <summary>
/// Where the platform is in its life (starting, ready, stopping) and why it is not ready yet. The health
/// endpoint and the status API read it; the server's start-up and shutdown move it forward.
/// </summary>
public sealed class PlatformLifecycle
{
    private readonly Lock _gate = new();
    private PlatformState _state = PlatformState.Starting;
    private string? _reason = "starting up";

    /// <summary>The current state.</summary>
    public PlatformState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the platform is not ready, or null when it is.</summary>
    public string? NotReadyReason
    {
        get
        {
            lock (_gate)
            {
                return _reason;
            }
        }
    }

    /// <summary>Records what start-up is doing now, while starting.</summary>
    public void Starting(string step)
    {
        lock (_gate)
        {
            if (_state == PlatformState.Starting)
            {
                _reason = step;
            }
        }
    }

    /// <summary>Marks the platform ready, unless it has begun to stop.</summary>
    public void MarkReady()
    {
        lock (_gate)
        {
            if (_state == PlatformState.Starting)
            {
                _state = PlatformState.Ready;
                _reason = null;
            }
        }
    }

    /// <summary>Marks the platform stopping: from now on it refuses new work.</summary>
    public void MarkStopping()
    {
        lock (_gate)
        {
            _state = PlatformState.Stopping;
            _reason = "shutting down";
        }
    }
}
