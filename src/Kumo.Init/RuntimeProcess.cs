using System.Runtime.InteropServices;
using Kumo.Native;

namespace Kumo.Init;

/// <summary>
/// Starts the runtime with posix_spawn and reaps every child that ends, its own and orphans alike, as PID 1
/// must. The Process class is not used: it reaps only the children it started and would race with us.
/// </summary>
internal static unsafe class RuntimeProcess
{
    /// <summary>Starts <paramref name="arguments"/>[0], found on PATH, with this process's environment.</summary>
    public static int Start(IReadOnlyList<string> arguments, IEnumerable<string> environment)
    {
        var argv = CStringArray.Allocate(arguments);
        var envp = CStringArray.Allocate(environment.ToList());
        try
        {
            var error = Native.PosixSpawnp(out var pid, argv[0], 0, 0, argv, envp);
            if (error != 0)
            {
                throw new InvalidOperationException($"cannot start '{arguments[0]}': {Marshal.GetPInvokeErrorMessage(error)}");
            }

            return pid;
        }
        finally
        {
            CStringArray.Free(argv);
            CStringArray.Free(envp);
        }
    }

    /// <summary>Reaps children until <paramref name="runtimePid"/> ends; returns its raw wait status.</summary>
    public static int WaitForRuntime(int runtimePid)
    {
        while (true)
        {
            var pid = Native.WaitPid(-1, out var status, 0);
            if (pid == runtimePid)
            {
                return status;
            }

            if (pid < 0 && Marshal.GetLastPInvokeError() is not Native.Eintr)
            {
                throw new InvalidOperationException($"waitpid failed: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
    }
}
