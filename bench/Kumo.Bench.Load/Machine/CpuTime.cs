using System.Globalization;
using System.Runtime.InteropServices;

namespace Kumo.Bench.Load.Machine;

/// <summary>CPU time (user + system) that processes have used, from <c>/proc/PID/stat</c>, in milliseconds.</summary>
internal static partial class CpuTime
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK

    private static readonly double MsPerTick = 1000.0 / Math.Max(1, SysConf(ClockTicksName));

    /// <summary>The CPU time of one process; 0 when it is gone.</summary>
    public static double OfProcessMs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MsPerTick;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>The CPU time of every live process below <paramref name="pid"/> (not counting it), by the processes' names (<c>/proc/PID/comm</c>).</summary>
    public static IReadOnlyDictionary<string, double> OfDescendantsByNameMs(int pid) =>
        ProcessTree.Descendants(pid).GroupBy(Name).ToDictionary(g => g.Key, g => g.Sum(OfProcessMs));

    private static string Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "gone";
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
