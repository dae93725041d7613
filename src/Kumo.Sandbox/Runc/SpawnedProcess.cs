using System.ComponentModel;
using System.Runtime.InteropServices;
using Kumo.Native;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// A child process started with posix_spawn, with stdin from /dev/null and stdout and stderr on pipes whose
/// write ends Kumo keeps too (see <see cref="OutputPipe"/>). Its exit is awaited on a thread of its own.
/// </summary>
internal sealed unsafe class SpawnedProcess
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SpawnedProcess(int id) => Id = id;

    public int Id { get; }

    /// <summary>The raw wait status once the process ended.</summary>
    public Task<int> Exited => _exit.Task;

    public static SpawnedProcess Start(string path, IReadOnlyList<string> arguments, int stdoutFd, int stderrFd)
    {
        var argv = CStringArray.Allocate([path, .. arguments]);
        var envp = CStringArray.Allocate(System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .ToList());
        var actions = (nint)NativeMemory.AllocZeroed(256);
        try
        {
            Posix.FileActionsInit(actions);
            Posix.FileActionsAddOpen(actions, 0, "/dev/null", Posix.ReadOnly, 0);
            Posix.FileActionsAddDup2(actions, stdoutFd, 1);
            Posix.FileActionsAddDup2(actions, stderrFd, 2);
            var error = Posix.PosixSpawn(out var pid, argv[0], actions, 0, argv, envp);
            if (error != 0)
            {
                throw new Win32Exception(error, $"cannot start {path}");
            }

            var process = new SpawnedProcess(pid);
            var waiter = new Thread(process.WaitForExit) { IsBackground = true, Name = $"wait {pid}" };
            waiter.Start();
            return process;
        }
        finally
        {
            Posix.FileActionsDestroy(actions);
            NativeMemory.Free((void*)actions);
            CStringArray.Free(argv);
            CStringArray.Free(envp);
        }
    }

    private void WaitForExit()
    {
        while (true)
        {
            if (Posix.WaitPid(Id, out var status, 0) == Id)
            {
                _exit.TrySetResult(status);
                return;
            }

            if (Marshal.GetLastPInvokeError() != Posix.Interrupted)
            {
                _exit.TrySetException(new Win32Exception(Marshal.GetLastPInvokeError(), $"waitpid({Id}) failed"));
                return;
            }
        }
    }
}
