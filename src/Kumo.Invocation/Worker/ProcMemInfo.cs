using System.Globalization;

namespace Kumo.Invocation.Worker;

/// <summary>The machine's memory as <c>/proc/meminfo</c> tells it (<c>MemTotal</c>, <c>MemAvailable</c>).</summary>
internal sealed class ProcMemInfo : IHostMemory
{
    private const string Path = "/proc/meminfo";

    private readonly Lazy<long?> _total = new(() => Read("MemTotal:"));

    public long? TotalMb => _total.Value;

    public long? AvailableMb() => Read("MemAvailable:");

    /// <summary>The value of one line, such as <c>MemAvailable:    1234567 kB</c>, in MB; null when there is none.</summary>
    internal static long? Parse(IEnumerable<string> lines, string field)
    {
        foreach (var line in lines)
        {
            if (!line.StartsWith(field, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line[field.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb / 1024 : null;
        }

        return null;
    }

    private static long? Read(string field)
    {
        try
        {
            return Parse(File.ReadLines(Path), field);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
