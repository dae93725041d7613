using System.Diagnostics;
using Kumo.Sandbox.Oci;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// Outbound network for a sandbox that asked for it: slirp4netns, a user-mode TCP/IP stack, plugged into the
/// sandbox's own network namespace. The sandbox gets a default route and DNS (10.0.2.3) through it, while
/// <c>--disable-host-loopback</c> keeps the host's own 127.0.0.1 out of reach. Connections leave through
/// ordinary sockets of the slirp4netns process on the host, which runs sandboxed itself (own mount namespace,
/// no capabilities, seccomp) and ends when Kumo closes its stdin or dies.
/// </summary>
internal sealed class SandboxNetwork : IAsyncDisposable
{
    public const string ResolvConf = "nameserver 10.0.2.3\n";

    private static readonly TimeSpan PidFileLimit = TimeSpan.FromSeconds(10);

    private readonly Process _slirp;

    private SandboxNetwork(Process slirp) => _slirp = slirp;

    /// <summary>Waits for runc to write the sandbox's PID 1, then plugs slirp4netns into its network namespace.</summary>
    public static async Task<SandboxNetwork> AttachAsync(string slirpPath, string initPidFile, Task runcExited)
    {
        var clock = Stopwatch.StartNew();
        string? pid = null;
        while (pid is null)
        {
            if (File.Exists(initPidFile) && (await File.ReadAllTextAsync(initPidFile)).Trim() is { Length: > 0 } text)
            {
                pid = text;
            }
            else if (runcExited.IsCompleted || clock.Elapsed > PidFileLimit)
            {
                throw new SandboxException("the sandbox did not start, so its network could not be attached");
            }
            else
            {
                await Task.Delay(1);
            }
        }

        var start = new ProcessStartInfo(slirpPath)
        {
            // Its stdin is its exit signal (--exit-fd=0): a pipe whose write end only Kumo holds. When Kumo
            // closes it — at disposal, or by dying — slirp4netns ends; it never outlives Kumo.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--configure", "--mtu=65520", "--disable-host-loopback", "--exit-fd=0",
            // Its own mount namespace, no capabilities but binding low ports, and a seccomp filter of its own.
            "--enable-sandbox", "--enable-seccomp",
            pid, OciConfig.NetworkInterface,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var slirp = Process.Start(start) ?? throw new SandboxException($"cannot start {slirpPath}");
        // Its chatter is of no use to the function's log; read it so that the pipes never fill.
        _ = slirp.StandardOutput.ReadToEndAsync();
        _ = slirp.StandardError.ReadToEndAsync();
        return new SandboxNetwork(slirp);
    }

    public async ValueTask DisposeAsync()
    {
        _slirp.StandardInput.Close();
        try
        {
            await _slirp.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _slirp.Kill();
            await _slirp.WaitForExitAsync();
        }

        _slirp.Dispose();
    }
}
