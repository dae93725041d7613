using System.Globalization;
using System.Net;
using Kumo.Abstractions.Functions;
using Kumo.Core.Configuration;
using Kumo.Invocation;
using Kumo.Invocation.Worker;
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

    /// <summary>The HTTPS port and its certificate; null (the default) when there is none.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>The data directory, as given (relative paths are taken from the current directory).</summary>
    public string DataDir { get; init; } = "./.kumo";

    /// <summary>How long a stop waits for in-flight work before it cuts it off.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How functions run: limits, keep-alive, billing and records.</summary>
    public FunctionsOptions Functions { get; init; } = new();

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
        var port = reader.Integer(ServerSetting.Port.Key, defaults.Port, 0, 65535, "0 picks a free port");
        var settingProblems = new List<SettingProblem>();
        var options = new ServerOptions
        {
            Port = port,
            Bind = reader.Text(ServerSetting.Bind.Key, defaults.Bind, ValidateBind),
            Tls = ReadTls(reader, port, originOf, settingProblems),
            DataDir = reader.Text(ServerSetting.DataDir.Key, defaults.DataDir, ValidateDataDir),
            DrainTimeout = TimeSpan.FromSeconds(
                reader.Integer(ServerSetting.DrainTimeout.Key, (int)defaults.DrainTimeout.TotalSeconds, 0, 3600, "seconds")),
            Functions = ReadFunctions(reader),
        };
        reader.RejectUnknownKeys();
        problems = [.. reader.Problems, .. settingProblems];
        return options;
    }

    /// <summary>
    /// Reads the HTTPS settings: off unless <see cref="ServerSetting.TlsPort"/> is given; a certificate file comes with
    /// its key file, and neither means anything without the port.
    /// </summary>
    private static TlsOptions? ReadTls(SettingsReader reader, int port, Func<string, string> originOf, List<SettingProblem> problems)
    {
        const int Off = -1;
        var tlsPort = reader.Integer(ServerSetting.TlsPort.Key, Off, 0, 65535, "0 picks a free port");
        var certificate = reader.Text(ServerSetting.TlsCert.Key, "", ValidateFilePath);
        var key = reader.Text(ServerSetting.TlsKey.Key, "", ValidateFilePath);
        SettingProblem Problem(ServerSetting setting, string value, string allowed) => new(setting.Key, value, originOf(setting.Path), allowed);

        if (tlsPort != Off && tlsPort != 0 && tlsPort == port)
        {
            problems.Add(Problem(ServerSetting.TlsPort, tlsPort.ToString(CultureInfo.InvariantCulture),
                $"use a port other than {ServerSetting.Port.Key} ({port}): one port cannot serve both HTTP and HTTPS"));
        }

        CheckPair(ServerSetting.TlsCert, certificate, ServerSetting.TlsKey, key);
        CheckPair(ServerSetting.TlsKey, key, ServerSetting.TlsCert, certificate);
        void CheckPair(ServerSetting given, string value, ServerSetting partner, string partnerValue)
        {
            if (value.Length > 0 && partnerValue.Length == 0)
            {
                problems.Add(Problem(given, value,
                    $"give {partner.Flag} ({partner.EnvironmentVariable}) with it, or neither to let Kumo make a self-signed certificate"));
            }
            else if (value.Length > 0 && tlsPort == Off)
            {
                problems.Add(Problem(given, value,
                    $"it is used only with HTTPS on: turn it on with {ServerSetting.TlsPort.Flag} ({ServerSetting.TlsPort.EnvironmentVariable})"));
            }
        }

        return tlsPort == Off
            ? null
            : new TlsOptions { Port = tlsPort, CertificateFile = NullIfEmpty(certificate), KeyFile = NullIfEmpty(key) };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string? ValidateFilePath(string value) =>
        string.IsNullOrWhiteSpace(value) || value.Contains('\0', StringComparison.Ordinal) ? "use the path of a PEM file" : null;

    private static FunctionsOptions ReadFunctions(SettingsReader reader)
    {
        var defaults = new FunctionsOptions();
        var budget = reader.Integer(ServerSetting.MemoryBudget.Key, 0, 0, 16 * 1024 * 1024, "MB; 0 means three quarters of the machine's memory");
        return new FunctionsOptions
        {
            Region = reader.Text(ServerSetting.Region.Key, defaults.Region, ValidateRegion),
            AccountId = reader.Text(ServerSetting.AccountId.Key, defaults.AccountId, ValidateAccountId),
            IdleTimeout = TimeSpan.FromSeconds(
                reader.Integer(ServerSetting.IdleTimeout.Key, (int)defaults.IdleTimeout.TotalSeconds, 1, 7 * 24 * 3600, "seconds")),
            KeepAlive = string.Equals(reader.Text(ServerSetting.KeepAlive.Key, "fixed", ValidateKeepAlive), "adaptive", StringComparison.OrdinalIgnoreCase)
                ? KeepAlivePolicy.Adaptive
                : KeepAlivePolicy.Fixed,
            Prewarm = new PrewarmOptions { Enabled = IsOn(reader.Text(ServerSetting.Prewarm.Key, "on", ValidateOnOff)) },
            MaxConcurrency = reader.Integer(ServerSetting.MaxConcurrency.Key, defaults.MaxConcurrency, 1, 100_000, "invocations at once"),
            MemoryBudgetMb = budget == 0 ? null : budget,
            BillingGranularityMs = reader.Integer(ServerSetting.BillingGranularity.Key, defaults.BillingGranularityMs, 1, 60_000, "milliseconds"),
            RecordRetention = TimeSpan.FromHours(
                reader.Integer(ServerSetting.RecordRetention.Key, (int)defaults.RecordRetention.TotalHours, 1, 24 * 3650, "hours")),
            EventPayloadLimitBytes = reader.Integer(ServerSetting.EventPayloadLimit.Key, defaults.EventPayloadLimitBytes / 1024, 1, 6144, "KB") * 1024,
            EventRetryDelay = TimeSpan.FromSeconds(
                reader.Integer(ServerSetting.EventRetryDelay.Key, (int)defaults.EventRetryDelay.TotalSeconds, 1, 3600, "seconds")),
            Packages = defaults.Packages with
            {
                // 50 MB zipped is also what the Lambda API's request size allows (a zip travels base64-encoded in JSON).
                MaxZippedBytes = reader.Integer(ServerSetting.MaxPackageZipped.Key, Mb(defaults.Packages.MaxZippedBytes), 1, 50, "MB") * 1024L * 1024,
                MaxUnzippedBytes = reader.Integer(ServerSetting.MaxPackageUnzipped.Key, Mb(defaults.Packages.MaxUnzippedBytes), 1, 10240, "MB") * 1024L * 1024,
            },
        };
    }

    private static int Mb(long bytes) => (int)(bytes / (1024 * 1024));

    private static string? ValidateKeepAlive(string value) =>
        string.Equals(value, "fixed", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "adaptive", StringComparison.OrdinalIgnoreCase)
            ? null
            : "use fixed (keep every idle sandbox for the idle timeout) or adaptive (learn each function's idle times)";

    private static bool IsOn(string value) =>
        string.Equals(value, "on", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string? ValidateOnOff(string value) =>
        new[] { "on", "off", "true", "false" }.Contains(value, StringComparer.OrdinalIgnoreCase)
            ? null
            : "use on (keep pools of pre-warmed sandboxes for cold starts) or off";

    private static string? ValidateRegion(string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z]{2}(-[a-z]+)+-[0-9]+$")
            ? null
            : "use a region name such as us-east-1 or eu-west-2";

    private static string? ValidateAccountId(string value) =>
        value.Length == 12 && value.All(char.IsAsciiDigit) ? null : "use 12 digits, such as 000000000000";

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
