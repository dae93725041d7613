using System.Globalization;
using System.Runtime.InteropServices;

namespace Kumo.Bench.Load.Machine;

/// <summary>
/// Keeps the load driver off the server's CPUs with <c>sched_setaffinity</c>: on a machine with 4 CPUs or more the
/// driver takes the last CPU and every process under test the others. Below 4 there is too little to split, and
/// nothing is pinned.
/// </summary>
internal static partial class Affinity
{
    public const int MinimumCpus = 4;

    public static bool Enabled => Environment.ProcessorCount >= MinimumCpus;

    public static string Describe() => Enabled
        ? string.Create(CultureInfo.InvariantCulture, $"pinned: the driver on CPU {Environment.ProcessorCount - 1}, the servers and their sandboxes on CPUs 0–{Environment.ProcessorCount - 2} (sched_setaffinity)")
        : string.Create(CultureInfo.InvariantCulture, $"not pinned: {Environment.ProcessorCount} CPUs are too few to split (pinning needs {MinimumCpus}); the driver shares the CPUs with the servers it measures");

    /// <summary>Pins every thread of this process to the last CPU; threads made later inherit it.</summary>
    public static void PinDriver()
    {
        if (Enabled)
        {
            PinAllThreads(Environment.ProcessId, [Environment.ProcessorCount - 1]);
        }
    }

    /// <summary>Pins every thread of a process under test, and of its descendants, to all CPUs but the last; later children inherit it.</summary>
    public static void PinServer(int pid)
    {
        if (Enabled)
        {
            foreach (var process in ProcessTree.Descendants(pid).Prepend(pid))
            {
                PinAllThreads(process, [.. Enumerable.Range(0, Environment.ProcessorCount - 1)]);
            }
        }
    }

    private static void PinAllThreads(int pid, int[] cpus)
    {
        var mask = new ulong[(Environment.ProcessorCount + 63) / 64];
        foreach (var cpu in cpus)
        {
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }

        var tasks = Directory.Exists($"/proc/{pid}/task") ? Directory.EnumerateDirectories($"/proc/{pid}/task") : [];
        foreach (var task in tasks)
        {
            var tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            // A thread that ended since the listing is no matter.
            if (SchedSetAffinity(tid, (nuint)(mask.Length * sizeof(ulong)), mask) != 0 && Marshal.GetLastPInvokeError() != 3)
            {
                throw new InvalidOperationException($"sched_setaffinity({tid}) failed with errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, ulong[] mask);
}
