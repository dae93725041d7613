namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>A function's reserved concurrency (AWS's <c>Concurrency</c>); left out when none is reserved.</summary>
internal sealed record ReservedConcurrency
{
    public int? ReservedConcurrentExecutions { get; init; }
}
