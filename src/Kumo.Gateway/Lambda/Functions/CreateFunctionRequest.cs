namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The body of <c>CreateFunction</c>; fields Kumo does not use (VPC, layers …) are ignored.</summary>
internal sealed record CreateFunctionRequest
{
    public string? FunctionName { get; init; }

    public string? Runtime { get; init; }

    public string? Role { get; init; }

    public string? Handler { get; init; }

    public FunctionCode? Code { get; init; }

    public string? Description { get; init; }

    public int? Timeout { get; init; }

    public int? MemorySize { get; init; }

    public bool? Publish { get; init; }

    public FunctionEnvironment? Environment { get; init; }

    public FunctionEphemeralStorage? EphemeralStorage { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public string? PackageType { get; init; }

    public IReadOnlyList<string>? Architectures { get; init; }
}
