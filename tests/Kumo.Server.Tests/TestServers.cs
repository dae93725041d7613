using Kumo.Server.Configuration;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests;

/// <summary>Starts in-process servers on a free port in a temporary data directory.</summary>
internal static class TestServers
{
    public static ServerConfiguration Configuration(
        TempDirectory data, int port = 0, int drainSeconds = 30, IReadOnlyDictionary<ServerSetting, string>? settings = null)
    {
        var flags = new Dictionary<ServerSetting, string>
        {
            [ServerSetting.Port] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ServerSetting.DataDir] = data.Path,
            [ServerSetting.DrainTimeout] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (setting, value) in settings ?? new Dictionary<ServerSetting, string>())
        {
            flags[setting] = value;
        }

        return ServerConfiguration.Load(settingsFile: null, flags, _ => null, data.Path);
    }

    public static Task<RunningServer> StartAsync(
        TempDirectory data, Action<IServiceCollection>? configure = null, int drainSeconds = 30, IReadOnlyDictionary<ServerSetting, string>? settings = null) =>
        KumoServer.StartAsync(Configuration(data, drainSeconds: drainSeconds, settings: settings), configure);

    public static HttpClient ClientFor(RunningServer server) => new() { BaseAddress = new Uri(server.Endpoint) };
}
