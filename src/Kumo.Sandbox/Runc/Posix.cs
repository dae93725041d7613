using System.Runtime.InteropServices;

namespace Kumo.Sandbox.Runc;

/// <summary>
/// The libc calls the sandbox driver needs that .NET does not offer: pipes whose write ends Kumo keeps,
/// spawning runc with those pipes as its stdout and stderr, and the mount calls of stem cells' code slots
/// (the new mount API by system call number: glibc 2.36 has no wrappers for it).
/// </summary>
internal static unsafe partial class Posix
{
    public const int CloseOnExec = 0x80000;
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int NonBlocking = 0x800;
    public const int Interrupted = 4;
    public const int NoSuchSystemCall = 38;

    // mount(2) flags.
    public const ulong MsBind = 0x1000;
    public const ulong MsPrivate = 1 << 18;
    public const ulong MsShared = 1 << 20;

    // umount2(2) flags.
    public const int MntDetach = 2;
    public const int UmountNoFollow = 8;

    // The new mount API (Linux 5.2; mount_setattr 5.12). The numbers are the same on x86-64 and arm64.
    private const long SysOpenTree = 428;
    private const long SysMoveMount = 429;
    private const long SysMountSetattr = 442;
    private const int AtFdCwd = -100;
    private const uint AtEmptyPath = 0x1000;
    private const uint OpenTreeCloneFlag = 1;
    private const uint MoveMountFromEmptyPath = 0x4;
    public const ulong MountAttrReadOnly = 0x1;
    public const ulong MountAttrNoSuid = 0x2;
    public const ulong MountAttrNoDev = 0x4;

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "posix_spawn", SetLastError = true)]
    public static partial int PosixSpawn(out int pid, byte* path, nint fileActions, nint attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(nint actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(nint actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsAddDup2(nint actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FileActionsAddOpen(nint actions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string? source, string target, string? fileSystemType, ulong flags, nint data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial byte* RealPathNative(string path, byte* resolved);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallOpenTree(long number, int directoryFd, string path, uint flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallMountSetattr(long number, int directoryFd, string path, uint flags, MountAttributes* attributes, nuint size);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallMoveMount(long number, int fromDirectoryFd, string fromPath, int toDirectoryFd, string toPath, uint flags);

    /// <summary>
    /// The absolute path of the existing <paramref name="path"/> with every symbolic link, <c>.</c> and <c>..</c>
    /// resolved (realpath(3)), as the kernel names it in <c>/proc/self/mountinfo</c>; null when it cannot be resolved
    /// (it does not exist, for one).
    /// </summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, null);
        if (resolved is null)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8((nint)resolved);
        }
        finally
        {
            // realpath allocates the answer with malloc; NativeMemory.Free is free(3).
            NativeMemory.Free(resolved);
        }
    }

    /// <summary>A detached copy of the mount at <paramref name="path"/> (open_tree with OPEN_TREE_CLONE), as a file descriptor; −1 on failure.</summary>
    public static int OpenTreeClone(string path) => (int)SyscallOpenTree(SysOpenTree, AtFdCwd, path, OpenTreeCloneFlag | CloseOnExec);

    /// <summary>Sets mount attributes (<c>MOUNT_ATTR_*</c>) on the mount <paramref name="mountFd"/> refers to; −1 on failure.</summary>
    public static int MountSetattr(int mountFd, ulong set)
    {
        var attributes = new MountAttributes { Set = set };
        return (int)SyscallMountSetattr(SysMountSetattr, mountFd, "", AtEmptyPath, &attributes, (nuint)sizeof(MountAttributes));
    }

    /// <summary>Attaches the detached mount <paramref name="mountFd"/> at <paramref name="target"/>; −1 on failure.</summary>
    public static int MoveMount(int mountFd, string target) => (int)SyscallMoveMount(SysMoveMount, mountFd, "", AtFdCwd, target, MoveMountFromEmptyPath);

    /// <summary>Whether this kernel has mount_setattr (Linux 5.12): an invalid call fails with anything but ENOSYS.</summary>
    public static bool HasMountSetattr()
    {
        var attributes = default(MountAttributes);
        return SyscallMountSetattr(SysMountSetattr, -1, "", AtEmptyPath, &attributes, (nuint)sizeof(MountAttributes)) == 0
            || Marshal.GetLastPInvokeError() != NoSuchSystemCall;
    }

    public static bool Exited(int status) => (status & 0x7f) == 0;

    public static int ExitCode(int status) => (status >> 8) & 0xff;

    public static int TermSignal(int status) => status & 0x7f;

    /// <summary>A signal's name as Lambda's messages give it (<c>killed</c>, …), or its number.</summary>
    public static string SignalName(int signal) => signal switch
    {
        6 => "aborted",
        9 => "killed",
        11 => "segmentation fault",
        15 => "terminated",
        _ => signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>struct mount_attr.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttributes
    {
        public ulong Set;
        public ulong Clear;
        public ulong Propagation;
        public ulong UserNamespaceFd;
    }
}
