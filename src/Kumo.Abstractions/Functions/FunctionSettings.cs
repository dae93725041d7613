namespace Kumo.Abstractions.Functions;

/// <summary>
/// Settings of a function that a create or an update may give (Lambda's <c>UpdateFunctionConfiguration</c>):
/// each one left null stays as it is (or takes its default on create).
/// </summary>
public sealed record FunctionSettings
{
    /// <summary>The runtime identifier.</summary>
    public string? Runtime { get; init; }

    /// <summary>The handler.</summary>
    public string? Handler { get; init; }

    /// <summary>The role ARN.</summary>
    public string? Role { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>Memory in MB.</summary>
    public int? MemoryMb { get; init; }

    /// <summary>Timeout in seconds.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>The size of <c>/tmp</c> in MB.</summary>
    public int? EphemeralStorageMb { get; init; }

    /// <summary>The whole set of environment variables (it replaces the old set).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>How the function's idle sandboxes are kept (it replaces the old setting); not part of the Lambda API.</summary>
    public KeepAliveConfig? KeepAlive { get; init; }

    /// <summary>When set, the update applies only if the function is still at this revision.</summary>
    public string? ExpectedRevisionId { get; init; }
}
