using System.Globalization;
using System.Text.RegularExpressions;

namespace Kumo.Bench.Simulator.Trace;

/// <summary>
/// Reads the Azure Functions 2019 trace (Shahrad et al., USENIX ATC 2020; github.com/Azure/AzurePublicDataset) from the
/// folder it was unpacked to: the day files <c>invocations_per_function_md.anon.dNN.csv</c>
/// (<c>HashOwner,HashApp,HashFunction,Trigger,1,…,1440</c>: invocations per minute) concatenated by function, and when
/// present the day files of average execution times (<c>function_durations_percentiles.anon.dNN.csv</c>) and of
/// application memory (<c>app_memory_percentiles.anon.dNN.csv</c>, split evenly over the application's functions).
/// Files are read line by line; a malformed line stops the load with its file, line number and what was wrong.
/// </summary>
internal static partial class AzureTraceCsv
{
    /// <summary>How many fields an invocation row has: the four identifying ones and 1,440 minutes.</summary>
    public const int InvocationFields = 4 + InvocationTrace.MinutesPerDay;

    private const string InvocationsPrefix = "invocations_per_function_md.anon.d";
    private const string DurationsPrefix = "function_durations_percentiles.anon.d";
    private const string MemoryPrefix = "app_memory_percentiles.anon.d";

    /// <summary>The header every invocation file starts with.</summary>
    public static string InvocationHeader { get; } =
        "HashOwner,HashApp,HashFunction,Trigger," + string.Join(',', Enumerable.Range(1, InvocationTrace.MinutesPerDay));

    /// <summary>Loads the trace in <paramref name="directory"/>: its first <paramref name="maxDays"/> days, or all of them.</summary>
    /// <exception cref="TraceFormatException">No day file, a gap in the days, or a malformed file.</exception>
    public static InvocationTrace Load(string directory, int? maxDays = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new TraceFormatException($"there is no folder '{directory}': point --trace at the folder the Azure Functions 2019 trace was unpacked to");
        }

        var days = DayFiles(directory, InvocationsPrefix);
        if (days.Count == 0)
        {
            throw new TraceFormatException(
                $"'{directory}' has no {InvocationsPrefix}NN.csv: point --trace at the folder the Azure Functions 2019 trace was unpacked to (azurefunctions-dataset2019.tar.xz)");
        }

        var used = days.Take(maxDays ?? int.MaxValue).ToList();
        for (var i = 0; i < used.Count; i++)
        {
            if (used[i].Day != used[0].Day + i)
            {
                throw new TraceFormatException(
                    $"'{directory}' has {Path.GetFileName(used[i - 1].Path)} and then {Path.GetFileName(used[i].Path)}: the days between are missing; add them or load fewer days with --days {i}");
            }
        }

        var functions = new Dictionary<(string Owner, string App, string Function), AzureTraceRow>();
        var order = new List<(string Owner, string App, string Function)>();
        for (var i = 0; i < used.Count; i++)
        {
            using var reader = new StreamReader(used[i].Path);
            ReadInvocations(reader, Path.GetFileName(used[i].Path), i, functions, order);
        }

        var durations = new Dictionary<(string, string, string), (double Sum, double Count)>();
        foreach (var (_, path) in DayFiles(directory, DurationsPrefix).Where(f => used.Any(u => u.Day == f.Day)))
        {
            using var reader = new StreamReader(path);
            ReadDurations(reader, Path.GetFileName(path), durations);
        }

        var memory = new Dictionary<(string, string), (double Sum, int Days)>();
        foreach (var (_, path) in DayFiles(directory, MemoryPrefix).Where(f => used.Any(u => u.Day == f.Day)))
        {
            using var reader = new StreamReader(path);
            ReadMemory(reader, Path.GetFileName(path), memory);
        }

        var perApp = order.CountBy(key => (key.Owner, key.App)).ToDictionary();
        var result = order.Select(key =>
        {
            var row = functions[key];
            double? duration = durations.TryGetValue(key, out var d) && d.Count > 0 ? d.Sum / d.Count : null;
            double? mb = memory.TryGetValue((key.Owner, key.App), out var m) ? m.Sum / m.Days / perApp[(key.Owner, key.App)] : null;
            return new TraceFunction(key.Owner, key.App, key.Function, row.Trigger, row.Counts.Build(), duration, mb);
        }).ToList();
        var source = $"Azure Functions 2019 trace in {directory}, days d{used[0].Day:00} to d{used[^1].Day:00}";
        return new InvocationTrace(source, used.Count, result);
    }

    /// <summary>Reads one day file of invocations per minute into <paramref name="functions"/>, appending day <paramref name="dayIndex"/>.</summary>
    /// <exception cref="TraceFormatException">A malformed header or row.</exception>
    public static void ReadInvocations(
        TextReader reader,
        string file,
        int dayIndex,
        Dictionary<(string Owner, string App, string Function), AzureTraceRow> functions,
        List<(string Owner, string App, string Function)> order)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(order);
        CheckInvocationHeader(reader.ReadLine(), file);
        var seen = new Dictionary<(string, string, string), int>();
        var fields = new Range[InvocationFields + 1];
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var span = line.AsSpan();
            var count = span.Split(fields, ',');
            if (count != InvocationFields)
            {
                var found = count > InvocationFields ? "more than " + InvocationFields : count.ToString(CultureInfo.InvariantCulture);
                throw new TraceFormatException(file, lineNumber,
                    $"{found} fields where {InvocationFields} were expected (HashOwner, HashApp, HashFunction, Trigger and {InvocationTrace.MinutesPerDay} minute counts)");
            }

            for (var f = 0; f < 3; f++)
            {
                if (span[fields[f]].IsWhiteSpace())
                {
                    throw new TraceFormatException(file, lineNumber, $"{HeaderName(f)} is empty");
                }
            }

            var key = (span[fields[0]].ToString(), span[fields[1]].ToString(), span[fields[2]].ToString());
            if (!seen.TryAdd(key, lineNumber))
            {
                throw new TraceFormatException(file, lineNumber,
                    $"function {key.Item3} of app {key.Item2} appears a second time in the day (first on line {seen[key]})");
            }

            if (!Triggers.TryParse(span[fields[3]], out var trigger))
            {
                throw new TraceFormatException(file, lineNumber, $"trigger '{span[fields[3]]}' is not one of {Triggers.All}");
            }

            if (!functions.TryGetValue(key, out var row))
            {
                row = new AzureTraceRow(trigger);
                functions.Add(key, row);
                order.Add(key);
            }

            var dayStart = dayIndex * InvocationTrace.MinutesPerDay;
            for (var minute = 0; minute < InvocationTrace.MinutesPerDay; minute++)
            {
                var text = span[fields[4 + minute]];
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var invocations))
                {
                    throw new TraceFormatException(file, lineNumber,
                        $"minute {minute + 1} (field {5 + minute}) is '{text}', not a whole number of invocations (0 or more)");
                }

                row.Counts.Add(dayStart + minute, invocations);
            }
        }
    }

    /// <summary>Reads one day file of execution times, adding each function's average (weighted by its count) to <paramref name="durations"/>.</summary>
    public static void ReadDurations(TextReader reader, string file, Dictionary<(string, string, string), (double Sum, double Count)> durations)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(durations);
        var (columns, width) = Columns(reader.ReadLine(), file, ["HashOwner", "HashApp", "HashFunction", "Average", "Count"]);
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Fields(line, width, file, lineNumber);
            var average = Number(fields, columns[3], file, lineNumber, "Average");
            var count = Number(fields, columns[4], file, lineNumber, "Count");
            var key = (fields[columns[0]], fields[columns[1]], fields[columns[2]]);
            durations.TryGetValue(key, out var sum);
            // A function with no count in a day still tells its average once.
            var weight = Math.Max(count, 1);
            durations[key] = (sum.Sum + (average * weight), sum.Count + weight);
        }
    }

    /// <summary>Reads one day file of application memory, adding each application's average allocation to <paramref name="memory"/>.</summary>
    public static void ReadMemory(TextReader reader, string file, Dictionary<(string, string), (double Sum, int Days)> memory)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(memory);
        var (columns, width) = Columns(reader.ReadLine(), file, ["HashOwner", "HashApp", "AverageAllocatedMb"]);
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Fields(line, width, file, lineNumber);
            var mb = Number(fields, columns[2], file, lineNumber, "AverageAllocatedMb");
            var key = (fields[columns[0]], fields[columns[1]]);
            memory.TryGetValue(key, out var sum);
            memory[key] = (sum.Sum + mb, sum.Days + 1);
        }
    }

    private static void CheckInvocationHeader(string? header, string file)
    {
        if (header is null)
        {
            throw new TraceFormatException(file, 1, $"the file is empty; an invocation file starts with the header {ShortHeader}");
        }

        if (header == InvocationHeader)
        {
            return;
        }

        var fields = header.Split(',');
        var expected = InvocationHeader.Split(',');
        for (var i = 0; i < Math.Min(fields.Length, expected.Length); i++)
        {
            if (fields[i] != expected[i])
            {
                throw new TraceFormatException(file, 1,
                    $"header field {i + 1} is '{fields[i]}' where '{expected[i]}' was expected; an invocation file starts with the header {ShortHeader}");
            }
        }

        throw new TraceFormatException(file, 1,
            $"the header has {fields.Length} fields where {expected.Length} were expected: {ShortHeader}");
    }

    private static string ShortHeader => "HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440";

    private static string HeaderName(int field) => field switch
    {
        0 => "HashOwner",
        1 => "HashApp",
        2 => "HashFunction",
        _ => "Trigger",
    };

    private static string[] Fields(string line, int width, string file, int lineNumber)
    {
        var fields = line.Split(',');
        if (fields.Length != width)
        {
            throw new TraceFormatException(file, lineNumber, $"{fields.Length} fields where the header has {width}");
        }

        return fields;
    }

    private static (int[] Columns, int Width) Columns(string? header, string file, string[] required)
    {
        var names = (header ?? "").Split(',');
        var columns = new int[required.Length];
        for (var i = 0; i < required.Length; i++)
        {
            columns[i] = Array.IndexOf(names, required[i]);
            if (columns[i] < 0)
            {
                throw new TraceFormatException(file, 1, $"the header has no column {required[i]}; it needs {string.Join(", ", required)}");
            }
        }

        return (columns, names.Length);
    }

    private static double Number(string[] fields, int column, string file, int line, string name)
    {
        if (!double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0))
        {
            throw new TraceFormatException(file, line, $"{name} (field {column + 1}) is '{fields[column]}', not a number of 0 or more");
        }

        return value;
    }

    private static List<(int Day, string Path)> DayFiles(string directory, string prefix) =>
        [.. Directory.EnumerateFiles(directory, prefix + "*.csv")
            .Select(path => (Match: DayNumber().Match(Path.GetFileName(path)[prefix.Length..]), Path: path))
            .Where(f => f.Match.Success)
            .Select(f => (int.Parse(f.Match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), f.Path))
            .OrderBy(f => f.Item1)];

    [GeneratedRegex(@"^(\d{1,3})\.csv$")]
    private static partial Regex DayNumber();
}
