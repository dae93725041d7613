using System.Diagnostics;
using Kumo.Bench.Load.Machine;
using Kumo.Bench.Load.Platform;

namespace Kumo.Bench.Load.Bare;

/// <summary>The baselines that start a runtime as a plain process: no sandbox, no platform, no Runtime API.</summary>
internal static class BareProcess
{
    private const string Event = """{"bench":true}""";

    /// <summary>Milliseconds from spawning the command (stdin closed at once) to its exit: the runtime's own start.</summary>
    public static async Task<double> StartToExitAsync(string[] command)
    {
        var start = Clock.NowMs();
        using var process = Spawn(command);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var ms = Clock.NowMs() - start;
        return process.ExitCode == 0 ? ms : throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}");
    }

    /// <summary>Milliseconds from spawning the harness to its handler being entered with the first event.</summary>
    public static async Task<double> StartToHandlerAsync(string[] command)
    {
        var start = Clock.NowMs();
        await using var running = await StartedAsync(command);
        return running.Entered - start;
    }

    /// <summary>Starts the harness and hands it one event: it is left running with the handler loaded, idle.</summary>
    public static async Task<RunningHarness> StartedAsync(string[] command, string @event = Event)
    {
        var process = Spawn(command);
        await process.StandardInput.WriteLineAsync(@event);
        await process.StandardInput.FlushAsync();
        var line = await process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException($"{string.Join(' ', command)} exited without answering: {await process.StandardError.ReadToEndAsync()}");
        return new RunningHarness(process, KumoClient.Entered(System.Text.Encoding.UTF8.GetBytes(line)));
    }

    private static Process Spawn(string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        Affinity.PinServer(process.Id);
        return process;
    }
}

/// <summary>A bare harness that has answered its first event and waits for more; disposing closes its stdin and waits for its exit.</summary>
internal sealed class RunningHarness(Process process, double entered) : IAsyncDisposable
{
    public int ProcessId => process.Id;

    /// <summary>When its handler was entered with the first event (ms since the epoch).</summary>
    public double Entered { get; } = entered;

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
