using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Storage;
using Kumo.Sandbox;
using Kumo.Sandbox.Code;

namespace Kumo.Invocation.Worker;

/// <summary>
/// The <see cref="SandboxSpec"/> of a function: its code unpacked on this node, its settings, and how the sandbox
/// came to be. Invocations, keep-alive pre-warms and provisioned instances all build it here, so a sandbox made
/// ahead of need runs exactly what a cold invocation would.
/// </summary>
internal sealed class SandboxSpecs(CodeCache codeCache, ICodePackageStore packages, PlatformRegion region)
{
    /// <summary>The value of <c>AWS_LAMBDA_INITIALIZATION_TYPE</c> in a sandbox kept ready by provisioned concurrency.</summary>
    public const string ProvisionedConcurrency = "provisioned-concurrency";

    /// <summary>The spec of <paramref name="function"/> for a sandbox of <paramref name="origin"/>.</summary>
    /// <exception cref="SandboxException">The function's code could not be prepared on this node.</exception>
    public async Task<SandboxSpec> ForAsync(FunctionConfiguration function, SandboxOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        string codeDirectory;
        try
        {
            codeDirectory = await codeCache.GetAsync(
                function.CodeSha256,
                async token => await packages.OpenReadAsync(function.CodeSha256, token)
                    ?? throw new InvalidDataException($"code package {function.CodeSha256} is missing from the package store"),
                cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new SandboxException($"the function's code could not be prepared: {e.Message}");
        }

        var spec = new SandboxSpec
        {
            FunctionName = function.Name,
            FunctionArn = region.FunctionArn(function.Name),
            Runtime = function.Runtime,
            Handler = function.Handler,
            CodeDirectory = codeDirectory,
            MemoryMb = function.MemoryMb,
            Timeout = TimeSpan.FromSeconds(function.TimeoutSeconds),
            EphemeralStorageMb = function.EphemeralStorageMb,
            Environment = function.Environment,
            Region = region.Region,
        };
        return origin == SandboxOrigin.Provisioned ? spec with { InitializationType = ProvisionedConcurrency } : spec;
    }
}
