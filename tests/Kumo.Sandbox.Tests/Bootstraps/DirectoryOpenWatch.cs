using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Kumo.Sandbox.Tests.Bootstraps;

/// <summary>
/// Notices, through inotify, whether anyone opened a directory or opened or read anything in it (a listing, an
/// import, a file read) since the watch began. Path lookups and stat do not show; everything that reads does.
/// The watch follows the directory's inode, so it still counts if the directory is renamed.
/// </summary>
internal sealed partial class DirectoryOpenWatch : IDisposable
{
    private const int InNonBlock = 0x800;
    private const int InCloseOnExec = 0x80000;
    private const uint InAccess = 0x1;
    private const uint InOpen = 0x20;
    private const uint InIsDirectory = 0x4000_0000;

    private readonly int _fd;

    public DirectoryOpenWatch(string directory)
    {
        _fd = InotifyInit(InNonBlock | InCloseOnExec);
        if (_fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "inotify_init1 failed");
        }

        var path = Marshal.StringToCoTaskMemUTF8(directory);
        try
        {
            if (InotifyAddWatch(_fd, path, InAccess | InOpen) < 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"inotify_add_watch({directory}) failed");
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
        }
    }

    /// <summary>What was opened or read since the watch began (or since the last call): "the directory itself" or file names.</summary>
    public IReadOnlyList<string> Seen()
    {
        var seen = new List<string>();
        const int size = 64 * 1024;
        var buffer = Marshal.AllocHGlobal(size);
        try
        {
            nint read;
            while ((read = Read(_fd, buffer, size)) > 0)
            {
                var bytes = new byte[read];
                Marshal.Copy(buffer, bytes, 0, (int)read);
                for (var offset = 0; offset + 16 <= bytes.Length;)
                {
                    var mask = BitConverter.ToUInt32(bytes, offset + 4);
                    var length = BitConverter.ToInt32(bytes, offset + 12);
                    var name = System.Text.Encoding.UTF8.GetString(bytes, offset + 16, length).TrimEnd('\0');
                    var what = name.Length == 0 ? "the directory itself" : name;
                    seen.Add($"{((mask & InOpen) != 0 ? "opened" : "read")} {what}{((mask & InIsDirectory) != 0 && name.Length > 0 ? "/" : "")}");
                    offset += 16 + length;
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }

        return seen;
    }

    public void Dispose() => Close(_fd);

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true)]
    private static partial int InotifyAddWatch(int fd, nint path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, nint buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
