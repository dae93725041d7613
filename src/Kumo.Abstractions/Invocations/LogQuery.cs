namespace Kumo.Abstractions.Invocations;

/// <summary>Which log lines to read, oldest first; filters left null match all.</summary>
public sealed record LogQuery(string TenantId)
{
    /// <summary>Only this function's lines.</summary>
    public string? FunctionName { get; init; }

    /// <summary>Only this invocation's lines.</summary>
    public string? RequestId { get; init; }

    /// <summary>Only lines stored after this <see cref="LogLine.Sequence"/>: how <c>kumo logs --follow</c> reads on.</summary>
    public long? AfterSequence { get; init; }

    /// <summary>
    /// When set, the newest <see cref="Limit"/> matching lines (still returned oldest first) instead of the oldest.
    /// </summary>
    public bool Newest { get; init; }

    /// <summary>At most this many (1–10000).</summary>
    public int Limit { get; init; } = 1000;
}
