namespace Kumo.Gateway.Lambda.EventInvokeConfig;

/// <summary>The answer of <c>ListFunctionEventInvokeConfigs</c>: one page, and where the next one starts.</summary>
internal sealed record ListEventInvokeConfigsResponse(IReadOnlyList<FunctionEventInvokeConfig> FunctionEventInvokeConfigs, string? NextMarker);
