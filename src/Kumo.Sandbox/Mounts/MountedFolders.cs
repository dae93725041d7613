using System.ComponentModel;
using System.Runtime.InteropServices;
using Kumo.Sandbox.Runc;

namespace Kumo.Sandbox.Mounts;

/// <summary>
/// Unmounting what lies under a folder of Kumo's, and deleting a folder only once nothing is mounted in it: a
/// recursive delete through a stem cell's live code mount would delete a function's code.
/// </summary>
internal static class MountedFolders
{
    /// <summary>How many rounds of unmounting before giving up: each round takes every mount visible then.</summary>
    private const int MaxRounds = 8;

    /// <summary>
    /// Lazily unmounts every mount at <paramref name="folder"/> or below it, the most recent first.
    /// </summary>
    /// <returns>Null when nothing is mounted there any more; else what remains and why.</returns>
    public static string? UnmountAll(string folder)
    {
        // The mount table names mounts by their real paths.
        folder = RealPath.Of(folder);
        string? failure = null;
        for (var round = 0; round < MaxRounds; round++)
        {
            var mounts = MountTable.Under(MountTable.Read(), folder);
            if (mounts.Count == 0)
            {
                return null;
            }

            foreach (var mount in mounts)
            {
                if (Posix.Umount2(mount.MountPoint, Posix.MntDetach | Posix.UmountNoFollow) != 0)
                {
                    failure = $"cannot unmount {mount.MountPoint}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}";
                }
            }
        }

        var left = MountTable.Under(MountTable.Read(), folder);
        return left.Count == 0 ? null : failure ?? $"{left.Count} mounts remain under {folder}";
    }

    /// <summary>
    /// Deletes <paramref name="folder"/> and everything in it, after unmounting what lies under it; refuses when a
    /// mount remains, rather than delete through it.
    /// </summary>
    /// <exception cref="IOException">A mount remains under the folder, or the delete failed.</exception>
    public static void Delete(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        if (UnmountAll(folder) is { } failure)
        {
            throw new IOException($"{folder} was not deleted, as something is still mounted in it: {failure}");
        }

        Directory.Delete(folder, recursive: true);
    }
}
