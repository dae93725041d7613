using System.Globalization;
using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Names;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary>A function as the Lambda API shows it (AWS's <c>FunctionConfiguration</c>).</summary>
internal sealed record LambdaFunctionConfiguration
{
    public required string FunctionName { get; init; }

    public required string FunctionArn { get; init; }

    public required string Runtime { get; init; }

    public string? Role { get; init; }

    public required string Handler { get; init; }

    public long CodeSize { get; init; }

    public string Description { get; init; } = "";

    public int Timeout { get; init; }

    public int MemorySize { get; init; }

    /// <summary>As Lambda writes it: <c>2024-01-02T03:04:05.000+0000</c>.</summary>
    public required string LastModified { get; init; }

    /// <summary>The base64 of the package's SHA-256.</summary>
    public required string CodeSha256 { get; init; }

    public string Version { get; init; } = FunctionNameParser.Latest;

    public FunctionEnvironment? Environment { get; init; }

    public TracingConfig TracingConfig { get; init; } = TracingConfig.PassThrough;

    public required string RevisionId { get; init; }

    public required string State { get; init; }

    public string? StateReason { get; init; }

    public string? StateReasonCode { get; init; }

    public required string LastUpdateStatus { get; init; }

    public string? LastUpdateStatusReason { get; init; }

    public string? LastUpdateStatusReasonCode { get; init; }

    public string PackageType { get; init; } = "Zip";

    public IReadOnlyList<string> Architectures { get; init; } = ["x86_64"];

    public required FunctionEphemeralStorage EphemeralStorage { get; init; }

    public static LambdaFunctionConfiguration From(FunctionConfiguration function, PlatformRegion region)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(region);
        var state = FunctionStatusReasons.ForState(function);
        var lastUpdate = FunctionStatusReasons.ForLastUpdate(function);
        return new LambdaFunctionConfiguration
        {
            FunctionName = function.Name,
            FunctionArn = region.FunctionArn(function.Name),
            Runtime = function.Runtime,
            Role = function.Role,
            Handler = function.Handler,
            CodeSize = function.CodeSize,
            Description = function.Description,
            Timeout = function.TimeoutSeconds,
            MemorySize = function.MemoryMb,
            LastModified = function.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
            CodeSha256 = Convert.ToBase64String(Convert.FromHexString(function.CodeSha256)),
            Environment = function.Environment.Count == 0 ? null : new FunctionEnvironment { Variables = function.Environment },
            RevisionId = function.RevisionId,
            State = function.State.ToString(),
            StateReason = state.Reason,
            StateReasonCode = state.Code,
            LastUpdateStatus = function.LastUpdateStatus.ToString(),
            LastUpdateStatusReason = lastUpdate.Reason,
            LastUpdateStatusReasonCode = lastUpdate.Code,
            EphemeralStorage = new FunctionEphemeralStorage { Size = function.EphemeralStorageMb },
        };
    }
}
