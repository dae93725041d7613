namespace Kumo.Gateway.Lambda.Functions;

/// <summary>A function's <c>Environment</c>, in requests and answers.</summary>
internal sealed record FunctionEnvironment
{
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}
