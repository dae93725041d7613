using System.Reflection;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// Where the real Lambda API clients are: the aws CLI and boto3 from Debian's packages (run with the system
/// Python, not whichever python3 comes first on PATH), and the AWS SDK for JavaScript installed by npm into
/// tests/clients/js. A missing one fails the tests with how to install it: nothing is skipped.
/// </summary>
internal static class ClientTools
{
    public const string AwsCli = "/usr/bin/aws";
    public const string Python = "/usr/bin/python3";
    public const string Node = "node";

    public static readonly string RepositoryRoot = typeof(ClientTools).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string JsScripts => Path.Combine(RepositoryRoot, "tests", "clients", "js");

    public static string PythonScripts => Path.Combine(RepositoryRoot, "tests", "clients", "python");

    /// <summary>Fails with one message naming every missing client and how to install them.</summary>
    public static async Task EnsureInstalledAsync()
    {
        var missing = new List<string>();
        if (!File.Exists(AwsCli))
        {
            missing.Add($"the aws CLI ({AwsCli}, Debian package awscli)");
        }

        if (!File.Exists(Python) || (await ClientProcess.RunAsync(Python, ["-c", "import boto3"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(30))).ExitCode != 0)
        {
            missing.Add($"boto3 for {Python} (Debian package python3-boto3)");
        }

        if (!File.Exists(Path.Combine(JsScripts, "node_modules", "@aws-sdk", "client-lambda", "package.json")))
        {
            missing.Add("the AWS SDK for JavaScript (npm ci in tests/clients/js)");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"the Lambda API tests drive Kumo with real clients, and this machine lacks {string.Join("; ", missing)}. " +
                "Run ./test.sh, which installs them, or: source scripts/prerequisites.sh && kumo_test_prerequisites && kumo_install_test_clients \"$PWD\"");
        }
    }
}
