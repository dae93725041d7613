namespace Kumo.Gateway.Lambda.Functions;

/// <summary>A function's <c>EphemeralStorage</c>: the size of <c>/tmp</c> in MB.</summary>
internal sealed record FunctionEphemeralStorage
{
    public int? Size { get; init; }
}
