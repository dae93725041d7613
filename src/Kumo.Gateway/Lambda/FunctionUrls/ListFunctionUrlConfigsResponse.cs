namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>The answer of <c>ListFunctionUrlConfigs</c>: one page, and where the next one starts.</summary>
internal sealed record ListFunctionUrlConfigsResponse(IReadOnlyList<LambdaFunctionUrlConfig> FunctionUrlConfigs, string? NextMarker);
