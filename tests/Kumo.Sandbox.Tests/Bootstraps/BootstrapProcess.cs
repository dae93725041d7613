using System.Diagnostics;
using System.Text;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests.Bootstraps;

/// <summary>
/// A runtime bootstrap run as a plain host process (no runc, no kumo-init) against a <see cref="FakeRuntimeApi"/>,
/// with exactly the environment the test gives it. Disposing it kills it and checks that nothing it started remains.
/// </summary>
internal sealed class BootstrapProcess : IAsyncDisposable
{
    /// <summary>How long a bootstrap may take to get anywhere (generous: a loaded 2-core machine).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _marker = ProcessLeaks.NewMarker();
    private readonly StringBuilder _output = new();

    public BootstrapProcess(IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment[ProcessLeaks.MarkerVariable] = _marker;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        StartedAt = Stopwatch.GetTimestamp();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>When the process was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long StartedAt { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The bootstrap's process id (the runtime itself: the command is started without a shell).</summary>
    public int ProcessId => _process.Id;

    /// <summary>What it wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits for <paramref name="task"/>; fails with the bootstrap's output if it exits first or the deadline passes.</summary>
    public async Task<T> UntilAsync<T>(Task<T> task, string what)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(task, exited, Task.Delay(Deadline));
        if (first != task)
        {
            Assert.Fail($"gave up waiting for {what}: the bootstrap {(first == exited ? $"exited with {_process.ExitCode}" : $"is still running after {Deadline.TotalSeconds:0} s")}; its output:\n{Output}");
        }

        return await task;
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Deadline);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        await Poll.UntilAsync(() => ProcessLeaks.FindAlive(_marker).Count == 0, "the bootstrap's processes to end");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
