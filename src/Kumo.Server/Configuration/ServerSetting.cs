namespace Kumo.Server.Configuration;

/// <summary>One setting of <c>kumo up</c> and the three ways to give it.</summary>
/// <param name="Key">The key under <c>Kumo</c> in a settings file, such as <c>Port</c>.</param>
/// <param name="Flag">The command-line flag, such as <c>--port</c>.</param>
/// <param name="EnvironmentVariable">The environment variable, such as <c>KUMO_PORT</c>.</param>
public sealed record ServerSetting(string Key, string Flag, string EnvironmentVariable)
{
    /// <summary>The listening port.</summary>
    public static ServerSetting Port { get; } = new("Port", "--port", "KUMO_PORT");

    /// <summary>The listening address.</summary>
    public static ServerSetting Bind { get; } = new("Bind", "--bind", "KUMO_BIND");

    /// <summary>The data directory.</summary>
    public static ServerSetting DataDir { get; } = new("DataDir", "--data-dir", "KUMO_DATA_DIR");

    /// <summary>How long a stop waits for in-flight work.</summary>
    public static ServerSetting DrainTimeout { get; } = new("DrainTimeoutSeconds", "--drain-timeout", "KUMO_DRAIN_TIMEOUT");

    /// <summary>Every setting, in the order help lists them.</summary>
    public static IReadOnlyList<ServerSetting> All { get; } = [Port, Bind, DataDir, DrainTimeout];

    /// <summary>The configuration section that holds the settings.</summary>
    public const string Section = "Kumo";

    /// <summary>The key's full configuration path, such as <c>Kumo:Port</c>.</summary>
    public string Path => $"{Section}:{Key}";
}
