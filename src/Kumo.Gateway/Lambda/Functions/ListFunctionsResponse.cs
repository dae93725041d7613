namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The answer of <c>ListFunctions</c>: one page, and where the next one starts.</summary>
internal sealed record ListFunctionsResponse(IReadOnlyList<LambdaFunctionConfiguration> Functions, string? NextMarker);
