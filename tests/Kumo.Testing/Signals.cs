using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Kumo.Testing;

/// <summary>Sends POSIX signals, which <see cref="System.Diagnostics.Process"/> cannot (it only kills).</summary>
public static partial class Signals
{
    public const int Interrupt = 2;
    public const int Terminate = 15;

    public static void Send(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"kill({processId}, {signal}) failed");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
