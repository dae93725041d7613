using System.Globalization;

namespace Kumo.Bench.Load.Machine;

/// <summary>Processes and their parents, from /proc.</summary>
internal static class ProcessTree
{
    /// <summary>The process ids whose parent is <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Children(int pid) => [.. Parents().Where(p => p.Value == pid).Select(p => p.Key)];

    /// <summary>Every process below <paramref name="pid"/>, breadth first.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = Parents();
        var found = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>A process's command line, arguments separated by spaces; empty when it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static Dictionary<int, int> Parents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // stat is "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Gone since the listing.
            }
        }

        return parents;
    }
}
