using System.ComponentModel;
using System.Runtime.InteropServices;
using Kumo.Sandbox.Runc;

namespace Kumo.Sandbox.Mounts;

/// <summary>
/// A stem cell's <c>/var/task</c> on the host side: a folder in its bundle, bind-mounted on itself and made a shared
/// mount of a peer group of its own before the sandbox starts. The sandbox mounts it at <c>/var/task</c> as a slave
/// (<c>rslave</c>), so it sees an empty folder until the host mounts the function's code onto the slot: the kernel
/// then propagates that mount over the sandbox's <c>/var/task</c>; nothing flows back from the sandbox.
/// </summary>
/// <remarks>
/// A plain folder would share the propagation of the mount it lies on, which is private on most hosts, and runc's
/// own: the slot must be a mount point of its own. The code mount is made read-only before it is attached, because a
/// propagated copy takes the flags its original has when it is attached; a later remount would not reach it.
/// </remarks>
internal sealed class TaskSlot
{
    private TaskSlot(string path) => Path = path;

    /// <summary>The slot's folder on the host.</summary>
    public string Path { get; }

    /// <summary>
    /// Makes <paramref name="path"/> (a folder, made here, holding only an empty <c>lib</c>) a slot: a shared mount of
    /// its own peer group.
    /// </summary>
    /// <remarks>
    /// The empty <c>lib</c> is there for the dynamic loader: <c>LD_LIBRARY_PATH</c> names <c>/var/task/lib</c>, and
    /// glibc skips, for the rest of a process's life, a search folder it once found missing. A runtime searches that
    /// path as it starts, long before the hand-over; had the folder been missing then, the function's own libraries
    /// (<c>ctypes.CDLL("libfoo.so")</c>, a native addon's dependencies, a P/Invoke by name) would never be found by
    /// name. The code mount covers it.
    /// </remarks>
    /// <exception cref="SandboxException">
    /// A mount call failed, or the slot's mount is not in the mount table under its path; what was mounted is undone.
    /// </exception>
    public static TaskSlot Prepare(string path)
    {
        Directory.CreateDirectory(path);
        // The slot is found again, and unmounted, by its name in the mount table, where the kernel gives real paths.
        path = RealPath.Of(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        var lib = System.IO.Path.Combine(path, "lib");
        Directory.CreateDirectory(lib);
        File.SetUnixFileMode(lib, (UnixFileMode)0b111_101_101);
        var slot = new TaskSlot(path);
        try
        {
            Check(Posix.Mount(path, path, null, Posix.MsBind, 0), $"bind {path} onto itself");
            Check(Posix.Mount(null, path, null, Posix.MsPrivate, 0), $"make {path} private");
            Check(Posix.Mount(null, path, null, Posix.MsShared, 0), $"make {path} shared");
            if (Unseen(MountTable.Read(), path) is { } unseen)
            {
                throw new SandboxException(unseen);
            }
        }
        catch (SandboxException)
        {
            slot.Undo();
            throw;
        }

        return slot;
    }

    /// <summary>
    /// Why the mount table does not show <paramref name="path"/> as a freshly prepared slot — exactly one mount there,
    /// shared — or null when it does. A slot the table does not show could never take code, nor be unmounted before
    /// its bundle is deleted.
    /// </summary>
    internal static string? Unseen(IReadOnlyList<MountEntry> mounts, string path)
    {
        var at = MountTable.At(mounts, path);
        return at switch
        {
            [] => $"the code slot {path} was mounted, but /proc/self/mountinfo shows no mount at that path (the kernel names"
                + " mounts by their real paths: is part of the data directory a symbolic link, or was it moved?)",
            [{ SharedGroup: null }] => $"the code slot {path} was made shared, but /proc/self/mountinfo shows it is not: code"
                + " mounted on it would never reach the sandbox",
            [_] => null,
            _ => $"the code slot {path} holds {at.Count} mounts, not one: the folder was mounted on before",
        };
    }

    /// <summary>
    /// Mounts <paramref name="codeDirectory"/> onto the slot, read-only, nosuid and nodev from the moment it is
    /// attached. A slot takes code once: one that holds a mount already is refused.
    /// </summary>
    /// <exception cref="InvalidOperationException">The slot is not prepared, or already holds code.</exception>
    /// <exception cref="SandboxException">A mount call failed.</exception>
    public void Attach(string codeDirectory)
    {
        var mounts = MountTable.At(MountTable.Read(), Path);
        if (mounts.Count != 1)
        {
            throw new InvalidOperationException(mounts.Count == 0
                ? $"the code slot {Path} is not mounted"
                : $"the code slot {Path} already holds a mount ({mounts[^1].Root}): a sandbox takes one function's code, once");
        }

        var tree = Posix.OpenTreeClone(codeDirectory);
        if (tree < 0)
        {
            throw Failure($"open_tree {codeDirectory}");
        }

        try
        {
            Check(Posix.MountSetattr(tree, Posix.MountAttrReadOnly | Posix.MountAttrNoSuid | Posix.MountAttrNoDev), $"make the mount of {codeDirectory} read-only");
            Check(Posix.MoveMount(tree, Path), $"attach {codeDirectory} at {Path}");
        }
        finally
        {
            Posix.Close(tree);
        }
    }

    /// <summary>The mounts on the slot's folder, the slot's own first: one before <see cref="Attach"/>, two after.</summary>
    public IReadOnlyList<MountEntry> Mounts() => MountTable.At(MountTable.Read(), Path);

    /// <summary>Unmounts the code and the slot itself (lazily: nothing may hold them up); safe to call more than once.</summary>
    /// <returns>What could not be unmounted, if anything.</returns>
    public string? Detach() => MountedFolders.UnmountAll(Path);

    /// <summary>
    /// Undoes a failed <see cref="Prepare"/>: unmounts what the mount table shows on the slot, then by its path what
    /// it may not show (until the path is no mount point: umount2 never reaches the mount it lies on).
    /// </summary>
    private void Undo()
    {
        Detach();
        for (var i = 0; i < 4; i++)
        {
            if (Posix.Umount2(Path, Posix.MntDetach | Posix.UmountNoFollow) != 0)
            {
                return;
            }
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw Failure(what);
        }
    }

    private static SandboxException Failure(string what)
    {
        var error = Marshal.GetLastPInvokeError();
        return new SandboxException($"cannot {what}: {new Win32Exception(error).Message}"
            + (error == Posix.NoSuchSystemCall ? " (stem cells need Linux 5.12 or later)" : ""));
    }
}
