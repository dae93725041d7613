using Kumo.Abstractions.Storage;

namespace Kumo.Abstractions.Status;

/// <summary>The answer of <c>GET /_kumo/v1/status</c>: what a server is and what it runs.</summary>
/// <param name="Version">The server's version, with its source revision when known.</param>
/// <param name="State">Where the server is in its life.</param>
/// <param name="InstallationId">The id of this installation (its data directory); null while starting.</param>
/// <param name="StartedAt">When this process started serving.</param>
/// <param name="UptimeSeconds">Seconds since <paramref name="StartedAt"/>.</param>
/// <param name="Endpoint">The address the server listens on.</param>
/// <param name="DataDirectory">The absolute path of the data directory.</param>
/// <param name="Storage">The metadata store; null while starting.</param>
/// <param name="Sandboxes">What runs the functions; null while starting.</param>
/// <param name="ProcessId">The server's process id.</param>
/// <param name="Runtime">The .NET runtime the server runs on.</param>
/// <param name="OperatingSystem">The operating system the server runs on.</param>
public sealed record ServerStatus(
    string Version,
    PlatformState State,
    string? InstallationId,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    string Endpoint,
    string DataDirectory,
    StoreDescription? Storage,
    SandboxDescription? Sandboxes,
    int ProcessId,
    string Runtime,
    string OperatingSystem)
{
    /// <summary>The HTTPS address (HTTP/2 and HTTP/1.1), such as <c>https://127.0.0.1:7443</c>; null, and left out, when the server has no HTTPS port.</summary>
    public string? HttpsEndpoint { get; init; }

    /// <summary>
    /// The pools of pre-warmed stem cells, one per kind (<c>[{kind, ready, starting, target}]</c>): empty when pools are off
    /// or no function needed one yet; null, and left out, while starting.
    /// </summary>
    public IReadOnlyList<PoolDescription>? Pools { get; init; }
}
