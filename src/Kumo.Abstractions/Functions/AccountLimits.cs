namespace Kumo.Abstractions.Functions;

/// <summary>The platform's limits and a tenant's use of them, as Lambda's <c>GetAccountSettings</c> reports.</summary>
public sealed record AccountLimits
{
    /// <summary>How many invocations may run at once on the platform.</summary>
    public int ConcurrentExecutions { get; init; }

    /// <summary>The part of <see cref="ConcurrentExecutions"/> not reserved by any function.</summary>
    public int UnreservedConcurrentExecutions { get; init; }

    /// <summary>
    /// The memory, in MB, that all of the node's sandboxes together may be sized to (each counts its <c>MemorySize</c>);
    /// 0 when not known.
    /// </summary>
    public int MemoryBudgetMb { get; init; }

    /// <summary>The largest zipped package accepted, in bytes.</summary>
    public long CodeSizeZipped { get; init; }

    /// <summary>The largest unzipped package accepted, in bytes.</summary>
    public long CodeSizeUnzipped { get; init; }

    /// <summary>The total code storage allowed, in bytes.</summary>
    public long TotalCodeSize { get; init; }

    /// <summary>How many functions the tenant has.</summary>
    public int FunctionCount { get; init; }

    /// <summary>The total size of the tenant's code packages, in bytes.</summary>
    public long TotalCodeSizeUsed { get; init; }
}
