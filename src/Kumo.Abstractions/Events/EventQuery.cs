namespace Kumo.Abstractions.Events;

/// <summary>Which events to list, newest first; filters left null match all.</summary>
public sealed record EventQuery(string TenantId)
{
    /// <summary>Only this function's.</summary>
    public string? FunctionName { get; init; }

    /// <summary>Only those in one of these statuses (such as Failed and Expired: the dead letters).</summary>
    public IReadOnlyList<QueuedEventStatus>? Statuses { get; init; }

    /// <summary>At most this many (1–1000).</summary>
    public int Limit { get; init; } = 100;
}
