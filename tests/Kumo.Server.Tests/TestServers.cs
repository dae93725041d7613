using Kumo.Server.Configuration;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests;

/// <summary>Starts in-process servers on a free port in a temporary data directory.</summary>
internal static class TestServers
{
    public static ServerConfiguration Configuration(TempDirectory data, int port = 0, int drainSeconds = 30) =>
        ServerConfiguration.Load(
            settingsFile: null,
            new Dictionary<ServerSetting, string>
            {
                [ServerSetting.Port] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [ServerSetting.DataDir] = data.Path,
                [ServerSetting.DrainTimeout] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            _ => null,
            data.Path);

    public static Task<RunningServer> StartAsync(TempDirectory data, Action<IServiceCollection>? configure = null, int drainSeconds = 30) =>
        KumoServer.StartAsync(Configuration(data, drainSeconds: drainSeconds), configure);

    public static HttpClient ClientFor(RunningServer server) => new() { BaseAddress = new Uri(server.Endpoint) };
}
