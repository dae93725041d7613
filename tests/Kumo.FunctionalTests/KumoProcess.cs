using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Kumo.Testing;

namespace Kumo.FunctionalTests;

/// <summary>
/// The real <c>kumo</c> executable run as a child process, with a leak marker in its environment so a test
/// can check that nothing it started outlives it.
/// </summary>
internal sealed class KumoProcess : IAsyncDisposable
{
    public static readonly string Executable = typeof(KumoProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "KumoExecutable").Value!;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private KumoProcess(Process process, string marker)
    {
        _process = process;
        Marker = marker;
    }

    public string Marker { get; }

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public static KumoProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(arguments, environment, interruptIgnored: false);

    /// <summary>Starts kumo as a script's background job starts it: with SIGINT ignored.</summary>
    public static KumoProcess StartWithInterruptIgnored(IEnumerable<string> arguments) => Start(arguments, null, interruptIgnored: true);

    private static KumoProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, bool interruptIgnored)
    {
        // Through env, which resets SIGINT to its default before it execs kumo (same process id): a suite started in
        // the background by a non-interactive shell inherits SIGINT ignored, which kumo, like other programs, would
        // keep; a user's terminal gives it the default.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(interruptIgnored ? "--ignore-signal=INT" : "--default-signal=INT");
        start.ArgumentList.Add(Executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Settings from the machine running the tests must not leak into the server under test.
        foreach (var name in new[] { "KUMO_PORT", "KUMO_BIND", "KUMO_DATA_DIR", "KUMO_DRAIN_TIMEOUT", "KUMO_CONFIG", "KUMO_ENDPOINT", "KUMO_TLS_PORT", "KUMO_TLS_CERT", "KUMO_TLS_KEY" })
        {
            start.Environment.Remove(name);
        }

        var marker = ProcessLeaks.NewMarker();
        start.Environment[ProcessLeaks.MarkerVariable] = marker;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var kumo = new KumoProcess(process, marker);
        process.OutputDataReceived += (_, e) => kumo.Append(kumo._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => kumo.Append(kumo._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return kumo;
    }

    /// <summary>Runs a command to its end and returns it, with its exit code and output.</summary>
    public static async Task<KumoProcess> RunAsync(params string[] arguments) => await RunAsync(arguments, null);

    public static async Task<KumoProcess> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var kumo = Start(arguments, environment);
        await kumo.WaitForExitAsync();
        return kumo;
    }

    public async Task WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(Poll.DefaultDeadline);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"kumo (pid {Id}) did not exit within {Poll.DefaultDeadline.TotalSeconds} s; its output so far:\n{Stdout}\n--- stderr:\n{Stderr}", e);
        }

        // The exit of the process does not wait for the last asynchronous reads of its output.
        _process.WaitForExit();
    }

    /// <summary>Waits until the server has written <c>server.json</c> and answers 200 on <c>/healthz</c>.</summary>
    public async Task<Uri> WaitUntilReadyAsync(string dataDirectory)
    {
        var serverFile = Path.Combine(dataDirectory, "server.json");
        Uri? endpoint = null;
        // A server that was killed leaves its server.json behind: wait for the one this process writes.
        await Poll.UntilAsync(
            () =>
            {
                endpoint = _process.HasExited ? null : ReadEndpoint(serverFile, _process.Id);
                return endpoint is not null || _process.HasExited;
            },
            "server.json of this process to appear");
        Assert.False(_process.HasExited, $"kumo up exited early with {(_process.HasExited ? _process.ExitCode : 0)}: {Stderr}");
        using var http = new HttpClient { BaseAddress = endpoint! };
        await Poll.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"kumo up exited with {_process.ExitCode} before it was ready: {Stderr}{Stdout}");
                }

                try
                {
                    return (await http.GetAsync("/healthz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "/healthz to answer 200");
        return endpoint!;
    }

    private static Uri? ReadEndpoint(string serverFile, int processId)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(serverFile));
            return document.RootElement.GetProperty("processId").GetInt32() == processId
                ? new Uri(document.RootElement.GetProperty("endpoint").GetString()!)
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public void Signal(int signal) => Signals.Send(_process.Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
