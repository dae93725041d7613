using Kumo.Sandbox.Runc;

namespace Kumo.Sandbox.Mounts;

/// <summary>
/// A host path as the kernel names it in <c>/proc/self/mountinfo</c>: absolute, with symbolic links resolved.
/// <see cref="Path.GetFullPath(string)"/> leaves links alone, so a data directory reached through a link
/// (<c>/srv/kumo</c> with <c>/srv</c> a link) names its mounts differently from the mount table, and a mount Kumo made
/// would look like no mount at all.
/// </summary>
internal static class RealPath
{
    /// <summary>
    /// The real path of <paramref name="path"/>; for a path that does not exist yet, the real path of its deepest
    /// existing ancestor followed by the rest, unchanged.
    /// </summary>
    public static string Of(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var missing = new Stack<string>();
        for (var current = full; ;)
        {
            if (Posix.RealPath(current) is { } real)
            {
                foreach (var name in missing)
                {
                    real = Path.Combine(real, name);
                }

                return real;
            }

            if (Path.GetDirectoryName(current) is not { } parent)
            {
                return full;
            }

            missing.Push(Path.GetFileName(current));
            current = parent;
        }
    }
}
