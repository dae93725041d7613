using System.Runtime.InteropServices;
using Kumo.Abstractions;
using Kumo.Abstractions.Status;
using Kumo.Abstractions.Storage;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Status;

/// <summary><c>GET /_kumo/v1/status</c>: what this server is and what it runs, for <c>kumo status</c>.</summary>
internal static class StatusEndpoint
{
    public const string Path = "/_kumo/v1/status";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, GetAsync);

    private static async Task<IResult> GetAsync(
        PlatformLifecycle lifecycle,
        ServerIdentity identity,
        IMetadataStore metadata,
        IEnumerable<ISandboxStatus> sandboxes,
        IEnumerable<IPoolStatus> pools,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var state = lifecycle.State;
        string? installationId = null;
        StoreDescription? storage = null;
        SandboxDescription? sandbox = null;
        IReadOnlyList<PoolDescription>? poolList = null;
        if (state == PlatformState.Ready)
        {
            installationId = await metadata.GetInstallationIdAsync(cancellationToken);
            storage = await metadata.DescribeAsync(cancellationToken);
            sandbox = sandboxes.FirstOrDefault()?.Describe();
            poolList = pools.FirstOrDefault()?.DescribePools() ?? [];
        }

        var status = new ServerStatus(
            identity.Version,
            state,
            installationId,
            identity.StartedAt,
            Math.Round((time.GetUtcNow() - identity.StartedAt).TotalSeconds, 3),
            identity.Endpoint,
            identity.DataDirectory,
            storage,
            sandbox,
            Environment.ProcessId,
            RuntimeInformation.FrameworkDescription,
            $"{RuntimeInformation.OSDescription} ({RuntimeInformation.RuntimeIdentifier})")
        {
            HttpsEndpoint = identity.HttpsEndpoint,
            Pools = poolList,
        };
        return Results.Json(status, KumoJsonContext.Default.ServerStatus);
    }
}
