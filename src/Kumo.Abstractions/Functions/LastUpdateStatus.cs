namespace Kumo.Abstractions.Functions;

/// <summary>How the latest create or update went, as Lambda's <c>LastUpdateStatus</c>.</summary>
public enum LastUpdateStatus
{
    /// <summary>The change is being prepared.</summary>
    InProgress,

    /// <summary>The change took effect.</summary>
    Successful,

    /// <summary>The change could not be prepared.</summary>
    Failed,
}
