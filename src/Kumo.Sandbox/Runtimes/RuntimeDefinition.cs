namespace Kumo.Sandbox.Runtimes;

/// <summary>How a Lambda runtime identifier starts inside a sandbox.</summary>
/// <param name="Id">The identifier, such as <c>python3.12</c>.</param>
/// <param name="Command">The command kumo-init starts, with paths as seen inside the sandbox.</param>
/// <param name="ExecutionEnvironment">The value of <c>AWS_EXECUTION_ENV</c>, or null for custom runtimes.</param>
public sealed record RuntimeDefinition(string Id, IReadOnlyList<string> Command, string? ExecutionEnvironment);
