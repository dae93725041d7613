using Kumo.Sandbox.Mounts;

namespace Kumo.Sandbox.Runc;

/// <summary>Ending a sandbox: killing its processes, and removing its container, mounts, pipes and bundle.</summary>
internal sealed partial class RuncSandbox
{
    /// <summary>Kills every process of the sandbox and waits for runc to end, a while at most.</summary>
    internal async Task KillAsync()
    {
        if (_process.Exited.IsCompleted)
        {
            return;
        }

        await _driver.Runc.KillAsync(Id, CancellationToken.None);
        try
        {
            await _process.Exited.WaitAsync(KillLimit);
        }
        catch (TimeoutException)
        {
            // runc delete --force at disposal takes care of what is left.
        }
    }

    /// <summary>
    /// Kills every process of the sandbox and removes its container, cgroup, pipes and bundle. Each step runs
    /// even when one before it failed; the first failure is rethrown at the end.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        MarkDead("it was disposed");
        var failures = new List<Exception>();
        async Task StepAsync(Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or SandboxException)
            {
                failures.Add(e);
            }
        }

        await StepAsync(KillAsync);
        if (_network is not null)
        {
            await StepAsync(async () =>
            {
                SandboxNetwork network;
                try
                {
                    network = await _network.WaitAsync(KillLimit);
                }
                catch (SandboxException)
                {
                    return; // It never attached: nothing to stop.
                }

                await network.DisposeAsync();
            });
        }

        await StepAsync(() => _driver.Runc.DeleteAsync(Id, CancellationToken.None));
        await StepAsync(() => Task.WhenAll(_stdout.Completion, _stderr.Completion).WaitAsync(DrainLimit));
        _stdout.Dispose();
        _stderr.Dispose();
        _driver.Forget(this);
        // A stem's code and slot are unmounted before its bundle goes, which is deleted only once nothing is mounted in it.
        await StepAsync(() => _slot?.Detach() is { } failure ? Task.FromException(new IOException(failure)) : Task.CompletedTask);
        await StepAsync(() =>
        {
            MountedFolders.Delete(_bundle);
            return Task.CompletedTask;
        });
        if (failures.Count > 0)
        {
            throw new SandboxException($"sandbox {Id} was not removed cleanly: {failures[0].Message}", failures[0]);
        }
    }
}
