using System.Globalization;

namespace Kumo.Bench.Load.Machine;

/// <summary>Memory figures from /proc: the host's <c>/proc/meminfo</c> and a process's <c>status</c> and <c>smaps_rollup</c>.</summary>
internal static class MemInfo
{
    /// <summary>A <c>/proc/meminfo</c> field in kB, such as <c>MemAvailable</c>.</summary>
    public static long Read(string field) => Field("/proc/meminfo", field) ?? throw new InvalidOperationException($"/proc/meminfo has no {field}");

    /// <summary>A process's proportional set size in kB (shared pages divided among their sharers), or null when it is gone.</summary>
    public static long? PssKb(int pid) => Field($"/proc/{pid}/smaps_rollup", "Pss");

    /// <summary>A process's resident set size in kB, or null when it is gone.</summary>
    public static long? RssKb(int pid) => Field($"/proc/{pid}/status", "VmRSS");

    private static long? Field(string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith(name + ":", StringComparison.Ordinal))
                {
                    var value = line[(name.Length + 1)..].Trim();
                    return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
