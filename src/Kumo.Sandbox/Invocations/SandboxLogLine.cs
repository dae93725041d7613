namespace Kumo.Sandbox.Invocations;

/// <summary>One line a sandbox wrote, with when the host read it.</summary>
/// <param name="Timestamp">When the line arrived.</param>
/// <param name="Text">The line, without its line break.</param>
public sealed record SandboxLogLine(DateTimeOffset Timestamp, string Text);
