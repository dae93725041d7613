namespace Kumo.Bench;

/// <summary>One runtime as the benchmark runs it: in a sandbox, and bare.</summary>
/// <param name="Runtime">The Lambda runtime identifier.</param>
/// <param name="Handler">The handler, as the sandbox is given it.</param>
/// <param name="CodeDirectory">The function's code.</param>
/// <param name="BareCommand">The bare baseline: the same interpreter running the same handler from a stdin/stdout loop.</param>
internal sealed record RuntimeCase(string Runtime, string Handler, string CodeDirectory, IReadOnlyList<string> BareCommand);
