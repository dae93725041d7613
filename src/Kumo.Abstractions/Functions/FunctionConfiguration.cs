namespace Kumo.Abstractions.Functions;

/// <summary>
/// One function as stored: its settings, its code package and its state. Today every function has only its
/// unpublished version (<c>$LATEST</c>); each change gives it a new <see cref="RevisionId"/>.
/// </summary>
public sealed record FunctionConfiguration
{
    /// <summary>The tenant that owns the function; single-user mode uses <see cref="Tenants.Default"/>.</summary>
    public required string TenantId { get; init; }

    /// <summary>The function's name, unique within its tenant (1–64 of letters, digits, '-' and '_').</summary>
    public required string Name { get; init; }

    /// <summary>The Lambda runtime identifier, such as <c>python3.11</c>.</summary>
    public required string Runtime { get; init; }

    /// <summary>The handler, as the runtime reads it.</summary>
    public required string Handler { get; init; }

    /// <summary>The execution role's ARN: accepted and stored, not yet enforced.</summary>
    public string? Role { get; init; }

    /// <summary>What the user wrote about the function (up to 256 characters).</summary>
    public string Description { get; init; } = "";

    /// <summary>Memory in MB, 128–10240.</summary>
    public int MemoryMb { get; init; } = 128;

    /// <summary>How long one invocation may run, 1–900 seconds.</summary>
    public int TimeoutSeconds { get; init; } = 3;

    /// <summary>The size of <c>/tmp</c> in MB, 512–10240.</summary>
    public int EphemeralStorageMb { get; init; } = 512;

    /// <summary>The function's environment variables (4 KB in all, as on Lambda).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The code package's SHA-256 as 64 lowercase hex digits (the API shows it base64-encoded).</summary>
    public required string CodeSha256 { get; init; }

    /// <summary>The code package's size in bytes.</summary>
    public long CodeSize { get; init; }

    /// <summary>Whether the function can be invoked.</summary>
    public FunctionState State { get; init; } = FunctionState.Pending;

    /// <summary>Why the function is in its state, for <see cref="FunctionState.Failed"/> above all.</summary>
    public string? StateReason { get; init; }

    /// <summary>How the latest change went.</summary>
    public LastUpdateStatus LastUpdateStatus { get; init; } = LastUpdateStatus.InProgress;

    /// <summary>Why the latest change failed, when it did.</summary>
    public string? LastUpdateStatusReason { get; init; }

    /// <summary>Changes with every update; an update may name the revision it expects (optimistic concurrency).</summary>
    public required string RevisionId { get; init; }

    /// <summary>When the function was last changed.</summary>
    public DateTimeOffset LastModified { get; init; }

    /// <summary>The function's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The concurrency reserved for the function, which is also its ceiling; null when none is reserved.</summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>How the function's idle sandboxes are kept; <see cref="KeepAliveConfig.Platform"/> to follow the platform's setting.</summary>
    public KeepAliveConfig KeepAlive { get; init; } = KeepAliveConfig.Platform;
}
