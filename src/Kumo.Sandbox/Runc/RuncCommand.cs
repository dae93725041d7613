using System.Diagnostics;

namespace Kumo.Sandbox.Runc;

/// <summary>runc's short commands (kill, delete, list) against Kumo's own state directory.</summary>
internal sealed class RuncCommand(string runcPath, string stateDirectory)
{
    public string RuncPath { get; } = runcPath;

    public string StateDirectory { get; } = stateDirectory;

    /// <summary>The arguments that come before every runc command.</summary>
    public IReadOnlyList<string> GlobalArguments => ["--root", StateDirectory];

    /// <summary>How long one runc command may take before Kumo kills it.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(RuncPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in GlobalArguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CommandTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var error = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"runc {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Kills every process of a container; a container that is already gone is not an error.</summary>
    public Task KillAsync(string id, CancellationToken cancellationToken) =>
        RunAsync(["kill", "--all", id, "KILL"], cancellationToken);

    /// <summary>Removes a container's state and cgroup, killing what still runs.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var (exitCode, _, error) = await RunAsync(["delete", "--force", id], cancellationToken);
        if (exitCode != 0 && !error.Contains("does not exist", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"runc delete {id} failed: {error.Trim()}");
        }
    }

    /// <summary>The ids of the containers in Kumo's state directory.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await RunAsync(["list", "--quiet"], cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"runc list failed: {error.Trim()}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
