using System.Globalization;

namespace Kumo.Sandbox.Cgroups;

/// <summary>
/// Reads a sandbox's memory accounting from whichever cgroup hierarchy the host has: v2 (unified, most
/// current distributions) or v1 (as on hosts with a hybrid hierarchy).
/// </summary>
internal sealed class CgroupFiles(string root = "/sys/fs/cgroup")
{
    /// <summary>Whether the host uses the unified (v2) hierarchy.</summary>
    public bool IsUnified { get; } = File.Exists(Path.Combine(root, "cgroup.controllers"));

    /// <summary>Whether a swap limit can be set: always on v2, and on v1 only with swap accounting on.</summary>
    public bool CanLimitSwap => IsUnified || File.Exists(Path.Combine(root, "memory", "memory.memsw.limit_in_bytes"));

    /// <summary>The memory controller's folder of a cgroup path such as <c>/kumo/ID</c>.</summary>
    public string MemoryDirectory(string cgroupPath) =>
        IsUnified ? Path.Combine(root, cgroupPath.TrimStart('/')) : Path.Combine(root, "memory", cgroupPath.TrimStart('/'));

    /// <summary>Every folder that holds a cgroup path, one per controller on v1: none may remain once a sandbox is gone.</summary>
    public IEnumerable<string> AllDirectories(string cgroupPath)
    {
        if (IsUnified)
        {
            yield return MemoryDirectory(cgroupPath);
            yield break;
        }

        foreach (var controller in Directory.EnumerateDirectories(root))
        {
            yield return Path.Combine(controller, cgroupPath.TrimStart('/'));
        }
    }

    /// <summary>The highest memory use of the cgroup so far, in bytes, or null when it cannot be read.</summary>
    public long? PeakMemory(string cgroupPath) =>
        ReadNumber(Path.Combine(MemoryDirectory(cgroupPath), IsUnified ? "memory.peak" : "memory.max_usage_in_bytes"));

    /// <summary>How many times the kernel's OOM killer killed a process of the cgroup.</summary>
    public long OomKills(string cgroupPath)
    {
        var file = Path.Combine(MemoryDirectory(cgroupPath), IsUnified ? "memory.events" : "memory.oom_control");
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan("oom_kill ".Length), NumberStyles.Integer, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static long? ReadNumber(string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
