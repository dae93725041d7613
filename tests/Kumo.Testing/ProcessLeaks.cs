using System.Globalization;

namespace Kumo.Testing;

/// <summary>
/// Finds processes by a marker in their environment. A test gives the processes it starts a unique marker;
/// children inherit it, so whatever is still alive with the marker afterwards was left behind.
/// </summary>
public static class ProcessLeaks
{
    public const string MarkerVariable = "KUMO_TEST_MARKER";

    public static string NewMarker() => Guid.NewGuid().ToString("N");

    /// <summary>The ids of live processes whose environment holds <c>KUMO_TEST_MARKER=marker</c>.</summary>
    public static IReadOnlyList<int> FindAlive(string marker)
    {
        var needle = $"{MarkerVariable}={marker}";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(System.IO.Path.Combine(directory, "environ"));
                if (environment.Split('\0').Contains(needle) && !IsZombie(directory))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return found;
    }

    private static bool IsZombie(string procDirectory)
    {
        var stat = File.ReadAllText(System.IO.Path.Combine(procDirectory, "stat"));
        var afterName = stat[(stat.LastIndexOf(')') + 2)..];
        return afterName.StartsWith('Z');
    }
}
