using Kumo.FunctionalTests.Lambda;
using Kumo.Testing;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// A real <c>kumo up</c> on a free port with its own data directory, for one class of S3 API tests, and the
/// environment its clients run in: test credentials, an empty AWS configuration, no retries. When the class is done
/// the server is stopped with SIGTERM and checked to have exited cleanly and left no process behind.
/// </summary>
public sealed class S3Server : IAsyncLifetime
{
    private KumoProcess? _kumo;

    internal TempDirectory Temp { get; } = new();

    internal string DataDir => Temp.Combine(".kumo");

    /// <summary>The server's URL, without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    internal string Endpoint { get; private set; } = "";

    /// <summary>The AWS configuration file the clients read (empty unless a test writes to a copy of its own).</summary>
    internal string AwsConfigFile => Temp.Combine("aws-config");

    internal IReadOnlyDictionary<string, string?> ClientEnvironment { get; private set; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        await EnsureClientsInstalledAsync();
        var credentials = Temp.Combine("aws-credentials");
        await File.WriteAllTextAsync(AwsConfigFile, "");
        await File.WriteAllTextAsync(credentials, "");
        _kumo = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        Endpoint = (await _kumo.WaitUntilReadyAsync(DataDir)).ToString().TrimEnd('/');
        ClientEnvironment = new Dictionary<string, string?>
        {
            ["KUMO_ENDPOINT"] = Endpoint,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = AwsConfigFile,
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_PAGER"] = "",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            // An error must reach the test as the server gave it, not be retried away by the client.
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_RETRY_MODE"] = "standard",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_kumo is null)
            {
                return;
            }

            await using (_kumo)
            {
                _kumo.Signal(Signals.Terminate);
                await _kumo.WaitForExitAsync();
                Assert.True(_kumo.ExitCode == 0, $"kumo up exited with {_kumo.ExitCode}: {_kumo.Stderr}");
            }

            Assert.Empty(ProcessLeaks.FindAlive(_kumo.Marker));
        }
        finally
        {
            Temp.Dispose();
        }
    }

    /// <summary>A bucket name no other test uses: <paramref name="purpose"/> and a random suffix.</summary>
    internal static string NewBucketName(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>Fails with one message naming every missing client and how to install it: nothing is skipped.</summary>
    private static async Task EnsureClientsInstalledAsync()
    {
        var missing = new List<string>();
        if (!File.Exists(ClientTools.AwsCli))
        {
            missing.Add($"the aws CLI ({ClientTools.AwsCli}, Debian package awscli)");
        }

        if (!File.Exists(ClientTools.Python)
            || (await ClientProcess.RunAsync(ClientTools.Python, ["-c", "import boto3"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(30))).ExitCode != 0)
        {
            missing.Add($"boto3 for {ClientTools.Python} (Debian package python3-boto3)");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"the S3 API tests drive Kumo with real clients, and this machine lacks {string.Join("; ", missing)}. " +
                "Run ./test.sh, which installs them, or: source scripts/prerequisites.sh && kumo_test_prerequisites");
        }
    }
}
