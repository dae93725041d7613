using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Kumo.Storage.Sqlite.Packages;

/// <summary>
/// Flushes a directory's entries to disk. A rename is durable only once its directory is, and .NET has no
/// API for that, so this calls fsync(2) on the directory itself.
/// </summary>
internal static partial class DirectoryFlush
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000;
    private const int CloseOnExec = 0x80000;

    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(path, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {path} to flush it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot flush directory {path}", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
