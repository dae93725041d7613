namespace Kumo.Abstractions.Invocations;

/// <summary>Which invocation records to list; every filter left null matches all. Newest first.</summary>
public sealed record InvocationQuery(string TenantId)
{
    /// <summary>Only this function's.</summary>
    public string? FunctionName { get; init; }

    /// <summary>Only this request's (the attempts of one asynchronous event share it).</summary>
    public string? RequestId { get; init; }

    /// <summary>Only those that ended this way.</summary>
    public InvocationOutcome? Outcome { get; init; }

    /// <summary>Only those that started at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only those that started before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only cold starts.</summary>
    public bool ColdOnly { get; init; }

    /// <summary>At most this many (1–1000).</summary>
    public int Limit { get; init; } = 100;
}
