using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Kumo.Bench.Load.Machine;

namespace Kumo.Bench.Load.Platform;

/// <summary>
/// A real <c>kumo up</c> (the Release build) in a child process with its own temporary data directory and a free
/// port, as a user runs it. Disposing stops it with SIGTERM (it removes its sandboxes) and deletes the directory.
/// </summary>
internal sealed partial class KumoServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private KumoServer(Process process, string dataDirectory, string label)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Label = label;
    }

    /// <summary>What this configuration is called in the report, such as <c>pool on</c>.</summary>
    public string Label { get; }

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    public Uri Endpoint { get; private set; } = null!;

    public KumoClient Client { get; private set; } = null!;

    /// <summary>Whether this build's <c>kumo up</c> has <c>--prewarm on|off</c> (pre-warmed stem-cell pools).</summary>
    public static bool SupportsPrewarm(string executable) =>
        Run(executable, "up", "--help").Contains("--prewarm", StringComparison.Ordinal);

    public static async Task<KumoServer> StartAsync(string executable, string label, IEnumerable<string> settings)
    {
        var data = Directory.CreateTempSubdirectory("kumo-bench-load-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["up", "--port", "0", "--data-dir", data, .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        // The machine's own Kumo settings must not change the server under test.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("KUMO_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var process = new Process { StartInfo = start };
        var server = new KumoServer(process, data, label);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        Affinity.PinServer(process.Id);
        return server;
    }

    /// <summary>The server's resident set size in kB.</summary>
    public long RssKb => MemInfo.RssKb(_process.Id) ?? 0;

    /// <summary>The last lines the server wrote, for error messages.</summary>
    public string Tail
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        var serverFile = Path.Combine(DataDirectory, "server.json");
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"kumo up ({Label}) exited with {_process.ExitCode} before it was ready:\n{Tail}");
            }

            if (deadline.Elapsed > StartDeadline)
            {
                throw new TimeoutException($"kumo up ({Label}) was not ready after {StartDeadline.TotalSeconds:0} s:\n{Tail}");
            }

            if (ReadEndpoint(serverFile) is { } endpoint)
            {
                Endpoint = endpoint;
                Client ??= new KumoClient(endpoint);
                if (await Client.IsHealthyAsync())
                {
                    return;
                }
            }

            await Task.Delay(50);
        }
    }

    private Uri? ReadEndpoint(string serverFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(serverFile));
            return document.RootElement.GetProperty("processId").GetInt32() == _process.Id
                ? new Uri(document.RootElement.GetProperty("endpoint").GetString()!)
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var stop = new CancellationTokenSource(StopDeadline);
            try
            {
                await _process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"kumo up ({Label}) did not stop within {StopDeadline.TotalSeconds:0} s of SIGTERM; killing it");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not remove {DataDirectory}: {e.Message}");
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 16_000)
            {
                _output.Remove(0, _output.Length - 8_000);
            }
        }
    }

    private static string Run(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
