using System.Globalization;
using System.Text;

namespace Kumo.Sandbox.Mounts;

/// <summary>
/// The mounts of a mount namespace, read from <c>mountinfo</c>: which mounts lie under a folder, so that Kumo can
/// unmount them before it deletes the folder, and which mounts sit on a stem cell's code slot.
/// </summary>
internal static class MountTable
{
    /// <summary>The mounts of Kumo's own mount namespace.</summary>
    public static IReadOnlyList<MountEntry> Read() => Parse(File.ReadAllText("/proc/self/mountinfo"));

    /// <summary>Parses the text of a <c>mountinfo</c> file; lines that are not mounts are skipped.</summary>
    public static IReadOnlyList<MountEntry> Parse(string mountinfo)
    {
        ArgumentNullException.ThrowIfNull(mountinfo);
        var entries = new List<MountEntry>();
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mount-point options [optional fields…] - type source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 7 || separator < 0
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
            {
                continue;
            }

            entries.Add(new MountEntry(id, parent, Unescape(fields[3]), Unescape(fields[4]), fields[5], fields[6..separator]));
        }

        return entries;
    }

    /// <summary>
    /// The mounts at <paramref name="folder"/> or below it, the most recent first (a mount on top of another, or
    /// inside it, comes before it): the order in which they can be unmounted.
    /// </summary>
    public static IReadOnlyList<MountEntry> Under(IReadOnlyList<MountEntry> mounts, string folder)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return mounts
            .Select((mount, index) => (mount, index))
            .Where(m => m.mount.MountPoint == root || m.mount.MountPoint.StartsWith(root + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.index)
            .Select(m => m.mount)
            .ToList();
    }

    /// <summary>The mounts at exactly <paramref name="path"/>, the lowest first.</summary>
    public static IReadOnlyList<MountEntry> At(IReadOnlyList<MountEntry> mounts, string path)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var point = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return mounts.Where(m => m.MountPoint == point).ToList();
    }

    /// <summary>Undoes the kernel's octal escapes of space, tab, newline and backslash (<c>\040</c>, …).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        var raw = Encoding.UTF8.GetBytes(field);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 3 < raw.Length
                && IsOctal(raw[i + 1]) && IsOctal(raw[i + 2]) && IsOctal(raw[i + 3]))
            {
                bytes.Add((byte)(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.Add(raw[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsOctal(byte b) => b is >= (byte)'0' and <= (byte)'7';
}
