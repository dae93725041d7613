using System.Security.Cryptography;
using System.Text;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// A real <c>kumo up</c> on a free port with its own data directory, for the Lambda API tests, and the
/// environment its clients run in: test credentials, an empty AWS configuration, no retries. When the tests
/// are done it is stopped with SIGTERM and checked to have left nothing behind: no process, no container,
/// nothing in the sandboxes' cgroup.
/// </summary>
public sealed class LambdaServer : IAsyncLifetime
{
    private KumoProcess? _kumo;

    internal TempDirectory Temp { get; } = new();

    internal string DataDir => Temp.Combine(".kumo");

    /// <summary>The server's URL, without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    internal string Endpoint { get; private set; } = "";

    internal IReadOnlyDictionary<string, string?> ClientEnvironment { get; private set; } = new Dictionary<string, string?>();

    internal FunctionPackages Packages { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ClientTools.EnsureInstalledAsync();
        var config = Temp.Combine("aws-config");
        var credentials = Temp.Combine("aws-credentials");
        await File.WriteAllTextAsync(config, "");
        await File.WriteAllTextAsync(credentials, "");
        Packages = new FunctionPackages(Directory.CreateDirectory(Temp.Combine("zips")).FullName);

        _kumo = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        Endpoint = (await _kumo.WaitUntilReadyAsync(DataDir)).ToString().TrimEnd('/');
        ClientEnvironment = new Dictionary<string, string?>
        {
            ["KUMO_ENDPOINT"] = Endpoint,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_PAGER"] = "",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            // A throttled call must reach the test, not be retried away by the client.
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_RETRY_MODE"] = "standard",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["NODE_NO_WARNINGS"] = "1",
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
            var containers = Path.Combine(DataDir, "sandbox", "runc");
            Assert.Empty(Directory.Exists(containers) ? Directory.GetDirectories(containers) : []);
            Assert.Empty(ProcessesInSandboxCgroups());
        }
        finally
        {
            Temp.Dispose();
        }
    }

    /// <summary>A function name no other test uses: <paramref name="purpose"/> and a random suffix.</summary>
    internal static string NewFunctionName(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>Every file under the data directory's <c>packages</c> folder, where the server keeps code packages.</summary>
    internal string[] StoredPackageFiles()
    {
        var packages = Path.Combine(DataDir, "packages");
        return Directory.Exists(packages)
            ? [.. Directory.EnumerateFiles(packages, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>
    /// Processes still in a cgroup under this server's sandbox parent (<c>/kumo/</c> and a hash of its sandbox
    /// folder, as Kumo.Sandbox's SandboxLayout names it).
    /// </summary>
    private List<int> ProcessesInSandboxCgroups()
    {
        var sandboxRoot = Path.Combine(Path.GetFullPath(DataDir), "sandbox");
        var parent = "/kumo/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sandboxRoot)))[..12];
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cgroup")).Contains(parent, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
