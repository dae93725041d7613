namespace Kumo.Gateway.Lambda.Functions;

/// <summary>A function's <c>TracingConfig</c>: Kumo passes trace headers through and samples nothing itself.</summary>
internal sealed record TracingConfig(string Mode)
{
    public static TracingConfig PassThrough { get; } = new("PassThrough");
}
