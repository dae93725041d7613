namespace Kumo.Abstractions.Events;

/// <summary>Where an asynchronous event is in its life.</summary>
public enum QueuedEventStatus
{
    /// <summary>Waiting for its (next) attempt.</summary>
    Queued,

    /// <summary>Leased by a dispatcher that is running it.</summary>
    Running,

    /// <summary>The function ran it successfully.</summary>
    Succeeded,

    /// <summary>Every attempt failed.</summary>
    Failed,

    /// <summary>It grew older than its maximum age before it could run.</summary>
    Expired,
}
