using Kumo.FunctionalTests.Lambda;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// samples/webapp as a user runs it: <c>deploy.sh --endpoint URL</c>, from the checkout or from a copy, with no AWS
/// settings of their own (the script brings test credentials), Debian's aws CLI first on PATH, and the kumo CLI of
/// this build (<c>KUMO</c>) rather than <c>./kumo</c>, which would build a second copy of Kumo in Release.
/// </summary>
internal static class WebAppSample
{
    public const string App = "webapp";
    public const string Function = "webapp-api";
    public const string Bucket = "webapp-site";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>The sample's folder in the checkout.</summary>
    public static string Folder => Path.Combine(ClientTools.RepositoryRoot, "samples", "webapp");

    /// <summary>
    /// Runs <c>deploy.sh --endpoint ENDPOINT</c> and any more <paramref name="arguments"/> from
    /// <paramref name="folder"/> (the checkout's sample by default) to its end, and checks it left no process behind.
    /// </summary>
    public static async Task<ClientProcess> DeployAsync(string endpoint, string? folder = null, params string[] arguments)
    {
        var marker = ProcessLeaks.NewMarker();
        var environment = new Dictionary<string, string?>
        {
            ["KUMO"] = KumoProcess.Executable,
            ["PATH"] = "/usr/bin:/bin:" + Environment.GetEnvironmentVariable("PATH"),
            ["KUMO_ENDPOINT"] = null,
            // An empty AWS configuration: the script must find no credentials or region, and bring its own.
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            [ProcessLeaks.MarkerVariable] = marker,
        };
        var script = Path.Combine(folder ?? Folder, "deploy.sh");
        var run = await ClientProcess.RunAsync(script, ["--endpoint", endpoint, .. arguments], environment, Deadline);
        Assert.Empty(ProcessLeaks.FindAlive(marker));
        return run;
    }

    /// <summary>What a run printed, for an assertion's message.</summary>
    public static string Describe(ClientProcess run) =>
        $"deploy.sh exited {run.ExitCode}; stdout: {run.Stdout.Trim()}; stderr: {run.Stderr.Trim()}";

    /// <summary>Copies the sample's folder into <paramref name="destination"/>, so a test can edit it.</summary>
    public static void CopyTo(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.SetUnixFileMode(Path.Combine(destination, "deploy.sh"), File.GetUnixFileMode(Path.Combine(Folder, "deploy.sh")));
    }
}
