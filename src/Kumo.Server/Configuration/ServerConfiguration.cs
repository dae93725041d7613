using Microsoft.Extensions.Configuration;

namespace Kumo.Server.Configuration;

/// <summary>
/// The settings of <c>kumo up</c> from their three layers, each overriding the one before: a settings file
/// (appsettings-style JSON), <c>KUMO_*</c> environment variables, then command-line flags. It remembers
/// which layer gave each value, so that an error names the flag, variable or file the user must fix.
/// </summary>
public sealed class ServerConfiguration
{
    /// <summary>The settings file read when none is named and it exists in the current directory.</summary>
    public const string DefaultSettingsFile = "kumo.settings.json";

    /// <summary>The environment variable that names a settings file.</summary>
    public const string SettingsFileVariable = "KUMO_CONFIG";

    private ServerConfiguration(IConfiguration configuration, ServerOptions options, IReadOnlyList<string> problems, string? settingsFile)
    {
        Configuration = configuration;
        Options = options;
        Problems = problems;
        SettingsFile = settingsFile;
    }

    /// <summary>The merged configuration: the <c>Kumo</c> section and anything else the file holds (such as <c>Logging</c>).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The server options read from it; use them only when <see cref="Problems"/> is empty.</summary>
    public ServerOptions Options { get; }

    /// <summary>Every problem, one line each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The settings file that was read, if any.</summary>
    public string? SettingsFile { get; }

    /// <summary>Loads the settings.</summary>
    /// <param name="settingsFile">A settings file named by <c>--config</c>, or null.</param>
    /// <param name="flags">The values of the command-line flags that were given.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="currentDirectory">Where relative paths and the default settings file are looked up.</param>
    public static ServerConfiguration Load(
        string? settingsFile,
        IReadOnlyDictionary<ServerSetting, string> flags,
        Func<string, string?> environment,
        string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();

        var fileOrigin = "--config";
        if (string.IsNullOrEmpty(settingsFile) && environment(SettingsFileVariable) is { Length: > 0 } fromEnvironment)
        {
            settingsFile = fromEnvironment;
            fileOrigin = SettingsFileVariable;
        }

        string? fullSettingsPath = null;
        if (!string.IsNullOrEmpty(settingsFile))
        {
            fullSettingsPath = Path.GetFullPath(settingsFile, currentDirectory);
            if (Directory.Exists(fullSettingsPath))
            {
                problems.Add($"settings file '{settingsFile}' (from {fileOrigin}) is a directory: name a JSON file");
                fullSettingsPath = null;
            }
            else if (!File.Exists(fullSettingsPath))
            {
                problems.Add($"settings file '{settingsFile}' (from {fileOrigin}) does not exist: name an existing JSON file");
                fullSettingsPath = null;
            }
        }
        else if (File.Exists(Path.Combine(currentDirectory, DefaultSettingsFile)))
        {
            fullSettingsPath = Path.Combine(currentDirectory, DefaultSettingsFile);
        }

        var fileLayer = ReadFile(fullSettingsPath, problems);
        var environmentLayer = ServerSetting.All
            .Select(s => (s.Path, Value: environment(s.EnvironmentVariable)))
            .Where(e => !string.IsNullOrEmpty(e.Value))
            .ToDictionary(e => e.Path, e => e.Value, StringComparer.OrdinalIgnoreCase);
        var flagLayer = flags.ToDictionary(f => f.Key.Path, f => (string?)f.Value, StringComparer.OrdinalIgnoreCase);

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(fileLayer)
            .AddInMemoryCollection(environmentLayer)
            .AddInMemoryCollection(flagLayer)
            .Build();

        string OriginOf(string path)
        {
            var setting = ServerSetting.All.FirstOrDefault(s => string.Equals(s.Path, path, StringComparison.OrdinalIgnoreCase));
            if (setting is not null && flagLayer.ContainsKey(path))
            {
                return setting.Flag;
            }

            if (setting is not null && environmentLayer.ContainsKey(path))
            {
                return setting.EnvironmentVariable;
            }

            return $"{path} in {fullSettingsPath ?? "the settings"}";
        }

        if (configuration[ServerSetting.Section] is { } plain)
        {
            problems.Add($"setting {ServerSetting.Section} = '{plain}' (from {fullSettingsPath ?? "the settings"}) is not valid: it must be an object of settings, such as {{ \"Port\": 7070 }}");
        }

        var options = ServerOptions.Read(configuration, OriginOf, out var settingProblems);
        problems.AddRange(settingProblems.Select(p => p.ToString()));
        return new ServerConfiguration(configuration, options, problems, fullSettingsPath);
    }

    private static IConfiguration ReadFile(string? path, List<string> problems)
    {
        var builder = new ConfigurationBuilder();
        if (path is null)
        {
            return builder.Build();
        }

        try
        {
            return builder.AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            var innermost = e;
            while (innermost.InnerException is not null)
            {
                innermost = innermost.InnerException;
            }

            problems.Add($"settings file '{path}' cannot be read: {innermost.Message}");
            return new ConfigurationBuilder().Build();
        }
    }
}
