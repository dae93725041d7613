using System.Net;
using Kumo.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Kumo.Server.Configuration;

/// <summary>How <c>kumo up</c> runs: where it listens, where it keeps data, how long it drains.</summary>
public sealed class ServerOptions
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 7070;

    /// <summary>The TCP port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The address to listen on: an IP address, or <c>localhost</c> for 127.0.0.1.</summary>
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>The data directory, as given (relative paths are taken from the current directory).</summary>
    public string DataDir { get; init; } = "./.kumo";

    /// <summary>How long a stop waits for in-flight work before it cuts it off.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The data directory as an absolute path.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDir);

    /// <summary>The address to listen on, resolved.</summary>
    public IPAddress BindAddress =>
        string.Equals(Bind, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(Bind);

    /// <summary>
    /// Reads the options from the <c>Kumo</c> section of <paramref name="configuration"/>, collecting every problem.
    /// </summary>
    /// <param name="configuration">The layered configuration.</param>
    /// <param name="originOf">Names where a key's value came from.</param>
    /// <param name="problems">Every setting that cannot be used.</param>
    public static ServerOptions Read(IConfiguration configuration, Func<string, string> originOf, out IReadOnlyList<SettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reader = new SettingsReader(configuration.GetSection(ServerSetting.Section), originOf);
        var defaults = new ServerOptions();
        var options = new ServerOptions
        {
            Port = reader.Integer(ServerSetting.Port.Key, defaults.Port, 0, 65535, "0 picks a free port"),
            Bind = reader.Text(ServerSetting.Bind.Key, defaults.Bind, ValidateBind),
            DataDir = reader.Text(ServerSetting.DataDir.Key, defaults.DataDir, ValidateDataDir),
            DrainTimeout = TimeSpan.FromSeconds(
                reader.Integer(ServerSetting.DrainTimeout.Key, (int)defaults.DrainTimeout.TotalSeconds, 0, 3600, "seconds")),
        };
        reader.RejectUnknownKeys();
        problems = reader.Problems;
        return options;
    }

    private static string? ValidateBind(string value) =>
        string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase) || IsFullAddress(value)
            ? null
            : "use an IP address such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface), or localhost";

    /// <summary>A whole IPv4 address (four numbers: IPAddress.TryParse would read "1" as 0.0.0.1) or an IPv6 address.</summary>
    private static bool IsFullAddress(string value) =>
        IPAddress.TryParse(value, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || value.Count(c => c == '.') == 3);

    private static string? ValidateDataDir(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "use the path of a directory Kumo may create and write";
        }

        try
        {
            _ = Path.GetFullPath(value);
            return value.Contains('\0', StringComparison.Ordinal) ? "use a path without NUL characters" : null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"use a valid path ({e.Message})";
        }
    }
}
