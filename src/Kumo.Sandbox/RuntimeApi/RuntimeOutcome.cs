namespace Kumo.Sandbox.RuntimeApi;

/// <summary>What the runtime said about one invocation through the Runtime API.</summary>
/// <param name="Succeeded">True for <c>/response</c>, false for <c>/error</c>.</param>
/// <param name="Body">The response, or the error document.</param>
/// <param name="ErrorType">The error's type, from the body or the <c>Lambda-Runtime-Function-Error-Type</c> header.</param>
internal sealed record RuntimeOutcome(bool Succeeded, byte[] Body, string? ErrorType);
