namespace Kumo.Abstractions.Status;

/// <summary>Describes this node's pools of pre-warmed stem cells; implemented by the worker.</summary>
public interface IPoolStatus
{
    /// <summary>Every pool the node keeps, by kind; empty when pools are off or none was needed yet.</summary>
    IReadOnlyList<PoolDescription> DescribePools();
}
