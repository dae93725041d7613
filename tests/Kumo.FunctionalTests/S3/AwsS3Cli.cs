using System.Text.Json;
using System.Text.RegularExpressions;
using Kumo.FunctionalTests.Lambda;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// The aws CLI (Debian's awscli) as a user types it against Kumo: <c>aws --endpoint-url http://127.0.0.1:PORT s3 …</c>
/// and <c>s3api …</c>, run from a working directory of the test's, in the server's client environment.
/// </summary>
internal sealed partial class AwsS3Cli(S3Server server, string workingDirectory)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>aws --endpoint-url … ARGUMENTS</c> to its end; <paramref name="environment"/> adds to or overrides the server's.</summary>
    public Task<ClientProcess> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var merged = new Dictionary<string, string?>(server.ClientEnvironment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[name] = value;
        }

        return ClientProcess.RunAsync(ClientTools.AwsCli, ["--endpoint-url", server.Endpoint, .. arguments], merged, Deadline, workingDirectory);
    }

    /// <summary>Runs the command, checks that it succeeded, and returns what it printed.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        var run = await RunAsync(arguments);
        Assert.True(run.ExitCode == 0, Describe(arguments, run));
        return run.Stdout;
    }

    /// <summary>Runs an <c>s3api</c> command that prints JSON, checks that it succeeded, and returns the JSON.</summary>
    public async Task<JsonElement> JsonAsync(params string[] arguments)
    {
        var stdout = await OkAsync([.. arguments, "--output", "json"]);
        if (string.IsNullOrWhiteSpace(stdout))
        {
            return default;
        }

        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Runs a command that must fail with a service error, and returns its code as the CLI printed it:
    /// <c>An error occurred (Code) when calling the Op operation: message</c>.
    /// </summary>
    public async Task<(string Code, string Message)> FailsAsync(params string[] arguments)
    {
        var run = await RunAsync(arguments);
        Assert.True(run.ExitCode != 0, $"expected a failure: {Describe(arguments, run)}");
        var match = ServiceError().Match(run.Stderr);
        Assert.True(match.Success, $"the CLI failed without a service error: {Describe(arguments, run)}");
        return (match.Groups["code"].Value, match.Groups["message"].Value.Trim());
    }

    public static string Describe(IEnumerable<string> arguments, ClientProcess run) =>
        $"aws {string.Join(' ', arguments)} → exit {run.ExitCode}; stdout: {run.Stdout.Trim()}; stderr: {run.Stderr.Trim()}";

    [GeneratedRegex(@"An error occurred \((?<code>[^)]+)\)(?: when calling the \w+ operation)?(?: \(reached max retries: \d+\))?: (?<message>.*)")]
    private static partial Regex ServiceError();
}
