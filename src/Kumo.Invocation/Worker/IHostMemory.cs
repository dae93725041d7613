namespace Kumo.Invocation.Worker;

/// <summary>How much memory the machine has, and how much is available now: a seam so tests can set it.</summary>
internal interface IHostMemory
{
    /// <summary>The machine's memory in MB; null when it cannot be read.</summary>
    long? TotalMb { get; }

    /// <summary>The memory available for new work now (<c>MemAvailable</c>) in MB; null when it cannot be read.</summary>
    long? AvailableMb();
}
