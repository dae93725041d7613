using Kumo.Gateway.Lambda.Concurrency;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The answer of <c>GetFunction</c>.</summary>
internal sealed record GetFunctionResponse
{
    public required LambdaFunctionConfiguration Configuration { get; init; }

    public required FunctionCodeLocation Code { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public ReservedConcurrency? Concurrency { get; init; }
}
