namespace Kumo.Abstractions.Functions;

/// <summary>
/// A function's provisioned concurrency setting for one qualifier, with what the platform has made of it: how many
/// sandboxes are asked for, made, and ready.
/// </summary>
public sealed record ProvisionedConcurrencyConfig
{
    /// <summary>The tenant that owns the function.</summary>
    public required string TenantId { get; init; }

    /// <summary>The function's name.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version or alias (Kumo: <c>$LATEST</c> until versions are published).</summary>
    public required string Qualifier { get; init; }

    /// <summary>How many sandboxes are asked for (<c>RequestedProvisionedConcurrentExecutions</c>), at least 1.</summary>
    public required int Requested { get; init; }

    /// <summary>How many sandboxes have been made (<c>AllocatedProvisionedConcurrentExecutions</c>).</summary>
    public int Allocated { get; init; }

    /// <summary>How many are initialised and ready (<c>AvailableProvisionedConcurrentExecutions</c>).</summary>
    public int Available { get; init; }

    /// <summary>Whether the sandboxes are ready.</summary>
    public ProvisionedConcurrencyStatus Status { get; init; } = ProvisionedConcurrencyStatus.InProgress;

    /// <summary>Why the status is <see cref="ProvisionedConcurrencyStatus.Failed"/>, or a note while in progress.</summary>
    public string? StatusReason { get; init; }

    /// <summary>When the setting was last put.</summary>
    public required DateTimeOffset LastModified { get; init; }
}

/// <summary>Lambda's <c>Status</c> of a provisioned concurrency configuration.</summary>
public enum ProvisionedConcurrencyStatus
{
    /// <summary><c>IN_PROGRESS</c>: sandboxes are being made.</summary>
    InProgress,

    /// <summary><c>READY</c>: all requested sandboxes are initialised.</summary>
    Ready,

    /// <summary><c>FAILED</c>: they could not be made; <see cref="ProvisionedConcurrencyConfig.StatusReason"/> says why.</summary>
    Failed,
}
