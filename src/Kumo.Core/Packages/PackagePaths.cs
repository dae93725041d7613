namespace Kumo.Core.Packages;

/// <summary>The path rules of code packages: nothing may land, or point, outside the package's own folder.</summary>
public static class PackagePaths
{
    /// <summary>
    /// Normalises an entry name to '/'-separated segments without '.', or explains why it is refused: absolute
    /// paths, drive letters, '..' segments, NUL characters.
    /// </summary>
    public static string? Normalize(string name, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        var unified = name.Replace('\\', '/');
        if (unified.Contains('\0', StringComparison.Ordinal))
        {
            problem = $"entry '{Printable(name)}' has a NUL character in its name";
            return null;
        }

        if (unified.StartsWith('/') || (unified.Length >= 2 && unified[1] == ':'))
        {
            problem = $"entry '{Printable(name)}' has an absolute path; paths in a package must be relative";
            return null;
        }

        var segments = unified.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Contains(".."))
        {
            problem = $"entry '{Printable(name)}' climbs out of the package with '..'";
            return null;
        }

        problem = null;
        return string.Join('/', segments);
    }

    /// <summary>Whether a link at <paramref name="linkPath"/> with <paramref name="target"/> stays inside the package.</summary>
    public static bool LinkStaysInside(string linkPath, string target)
    {
        ArgumentNullException.ThrowIfNull(linkPath);
        ArgumentNullException.ThrowIfNull(target);
        if (target.StartsWith('/') || target.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var depth = linkPath.Split('/').Length - 1;
        foreach (var segment in target.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += segment switch
            {
                ".." => -1,
                "." => 0,
                _ => 1,
            };
            if (depth < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string name) => name.Replace("\0", "\\0", StringComparison.Ordinal);
}
