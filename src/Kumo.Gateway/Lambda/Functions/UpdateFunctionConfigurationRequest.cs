using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The body of <c>UpdateFunctionConfiguration</c>; each field left out stays as it is.</summary>
internal sealed record UpdateFunctionConfigurationRequest
{
    public string? Runtime { get; init; }

    public string? Role { get; init; }

    public string? Handler { get; init; }

    public string? Description { get; init; }

    public int? Timeout { get; init; }

    public int? MemorySize { get; init; }

    public FunctionEnvironment? Environment { get; init; }

    public FunctionEphemeralStorage? EphemeralStorage { get; init; }

    public string? RevisionId { get; init; }

    public FunctionSettings ToSettings() => new()
    {
        Runtime = Runtime,
        Handler = Handler,
        Role = Role,
        Description = Description,
        MemoryMb = MemorySize,
        TimeoutSeconds = Timeout,
        EphemeralStorageMb = EphemeralStorage?.Size,
        Environment = Environment is null ? null : Environment.Variables ?? new Dictionary<string, string>(),
        ExpectedRevisionId = RevisionId,
    };
}
