namespace Kumo.Abstractions.Invocations;

/// <summary>One line of an invocation's log: what the function wrote, or one of the platform's <c>START</c>/<c>END</c>/<c>REPORT</c> lines.</summary>
/// <param name="Timestamp">When the line was written.</param>
/// <param name="Text">The line, without its line break.</param>
public sealed record LogLine(DateTimeOffset Timestamp, string Text)
{
    /// <summary>The line's position in the store, increasing in order of writing; 0 before it is stored.</summary>
    public long Sequence { get; init; }

    /// <summary>The tenant that owns the function.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>The function that wrote it.</summary>
    public string FunctionName { get; init; } = "";

    /// <summary>The invocation it belongs to.</summary>
    public string RequestId { get; init; } = "";
}
