namespace Kumo.Abstractions.Api;

/// <summary>One log line as the native API shows it.</summary>
/// <param name="Sequence">The line's position in the store, increasing in order of writing.</param>
/// <param name="Timestamp">When the line was written.</param>
/// <param name="RequestId">The invocation it belongs to.</param>
/// <param name="FunctionName">The function that wrote it.</param>
/// <param name="Text">The line, without its line break.</param>
public sealed record LogEntry(long Sequence, DateTimeOffset Timestamp, string RequestId, string FunctionName, string Text);
