using Kumo.Abstractions;

namespace Kumo.Gateway.Lifecycle;

/// <summary>What this server process is: its version, data directory, address and start time.</summary>
/// <param name="dataDirectory">The absolute path of the data directory.</param>
/// <param name="startedAt">When the process began serving.</param>
public sealed class ServerIdentity(string dataDirectory, DateTimeOffset startedAt)
{
    private string _endpoint = "";
    private string? _httpsEndpoint;

    /// <summary>The server's version.</summary>
    public string Version => KumoVersion.Informational;

    /// <summary>The absolute path of the data directory.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>When the process began serving.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The address the server listens on, such as <c>http://127.0.0.1:7070</c>; set once it is bound.</summary>
    public string Endpoint
    {
        get => Volatile.Read(ref _endpoint);
        set => Volatile.Write(ref _endpoint, value);
    }

    /// <summary>The HTTPS address, such as <c>https://127.0.0.1:7443</c>, when the server has an HTTPS port; set once it is bound.</summary>
    public string? HttpsEndpoint
    {
        get => Volatile.Read(ref _httpsEndpoint);
        set => Volatile.Write(ref _httpsEndpoint, value);
    }
}
