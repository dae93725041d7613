using System.Runtime.InteropServices;

namespace Kumo.Init;

/// <summary>The few libc calls kumo-init needs that .NET does not offer: spawning without the Process class, and reaping any child.</summary>
internal static unsafe partial class Native
{
    public const int Eintr = 4;
    public const int Echild = 10;

    [LibraryImport("libc", EntryPoint = "posix_spawnp", SetLastError = true)]
    public static partial int PosixSpawnp(out int pid, byte* file, nint fileActions, nint attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    public static bool Exited(int status) => (status & 0x7f) == 0;

    public static int ExitCode(int status) => (status >> 8) & 0xff;

    public static int TermSignal(int status) => status & 0x7f;
}
