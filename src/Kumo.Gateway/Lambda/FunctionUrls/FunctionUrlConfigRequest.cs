namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>The body of <c>CreateFunctionUrlConfig</c> and <c>UpdateFunctionUrlConfig</c>; on update, fields left out stay as they are.</summary>
internal sealed record FunctionUrlConfigRequest
{
    public string? AuthType { get; init; }

    public FunctionUrlCors? Cors { get; init; }

    public string? InvokeMode { get; init; }
}
