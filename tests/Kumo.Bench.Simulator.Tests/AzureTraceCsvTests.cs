using Kumo.Bench.Simulator.Trace;
using Kumo.Testing;

namespace Kumo.Bench.Simulator.Tests;

/// <summary>The loader of the Azure Functions 2019 trace, on a small checked-in copy of its format and on broken files.</summary>
public sealed class AzureTraceCsvTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "AzureTrace");
    private static readonly string Header = AzureTraceCsv.InvocationHeader;

    private static TraceFunction Find(InvocationTrace trace, string name) => trace.Functions.Single(f => f.Name == name);

    private static int CountAt(MinuteCounts counts, int minute)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts.MinuteAt(i) == minute)
            {
                return counts.CountAt(i);
            }
        }

        return 0;
    }

    private static string Row(string function, string trigger, params (int Minute, int Count)[] counts)
    {
        var minutes = new int[1440];
        foreach (var (minute, count) in counts)
        {
            minutes[minute - 1] = count;
        }

        return $"o,a,{function},{trigger}," + string.Join(',', minutes);
    }

    private static TraceFormatException LoadBroken(params string[] lines)
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("invocations_per_function_md.anon.d01.csv"), string.Join('\n', lines) + "\n");
        return Assert.Throws<TraceFormatException>(() => AzureTraceCsv.Load(directory.Path));
    }

    [Fact]
    public void Load_Fixture_ConcatenatesTheDaysOfEachFunction()
    {
        var trace = AzureTraceCsv.Load(Fixture);

        Assert.Equal(2, trace.Days);
        Assert.Equal(2880, trace.Minutes);
        Assert.Equal(["f1", "f2", "f3", "f4", "f5", "f6"], trace.Functions.Select(f => f.Name));
        var f1 = Find(trace, "f1");
        Assert.Equal(("o1", "a1", Trigger.Http), (f1.Owner, f1.App, f1.Trigger));
        Assert.Equal(16, f1.Invocations.Total);
        Assert.Equal(3, CountAt(f1.Invocations, 0));       // day 1, minute 1
        Assert.Equal(1, CountAt(f1.Invocations, 1));
        Assert.Equal(7, CountAt(f1.Invocations, 1439));    // day 1, minute 1440
        Assert.Equal(5, CountAt(f1.Invocations, 1440));    // day 2, minute 1
        Assert.Equal(96, Find(trace, "f2").Invocations.Total);
        Assert.Equal(Trigger.Timer, Find(trace, "f2").Trigger);
        Assert.Equal(2, Find(trace, "f3").Invocations.Total);   // only on day 1
        Assert.Equal(12, Find(trace, "f4").Invocations.Total);
        Assert.Equal(Trigger.Orchestration, Find(trace, "f4").Trigger);
        Assert.Equal(0, Find(trace, "f5").Invocations.Total);
        Assert.Equal(1, CountAt(Find(trace, "f6").Invocations, 1441));   // only on day 2
        Assert.Equal(Trigger.Event, Find(trace, "f6").Trigger);
    }

    [Fact]
    public void Load_Fixture_ReadsDurationsWeightedByCountAndSplitsAppMemory()
    {
        var trace = AzureTraceCsv.Load(Fixture);

        Assert.Equal((250.0 * 11 + 550 * 5) / 16, Find(trace, "f1").AverageDurationMs);
        Assert.Equal(1000, Find(trace, "f2").AverageDurationMs);
        Assert.Equal(40.5, Find(trace, "f3").AverageDurationMs);
        Assert.Null(Find(trace, "f4").AverageDurationMs);
        // App a1 averages (300 + 400) / 2 MB over two days and has two functions.
        Assert.Equal(175, Find(trace, "f1").MemoryMb);
        Assert.Equal(175, Find(trace, "f2").MemoryMb);
        Assert.Equal(128, Find(trace, "f3").MemoryMb);
        Assert.Null(Find(trace, "f6").MemoryMb);
    }

    [Fact]
    public void Load_OneDay_ReadsOnlyTheFirstDayFiles()
    {
        var trace = AzureTraceCsv.Load(Fixture, maxDays: 1);

        Assert.Equal(1, trace.Days);
        Assert.Equal(5, trace.Functions.Count);
        Assert.Equal(11, Find(trace, "f1").Invocations.Total);
        Assert.Equal(250, Find(trace, "f1").AverageDurationMs);
        Assert.Equal(150, Find(trace, "f1").MemoryMb);
    }

    [Fact]
    public void Load_HeaderWithAWrongField_SaysWhichFieldAndWhatWasExpected()
    {
        var error = LoadBroken(Header.Replace(",57,", ",fifty-seven,", StringComparison.Ordinal), Row("f", "http"));

        Assert.Equal(1, error.Line);
        Assert.Equal("invocations_per_function_md.anon.d01.csv", error.File);
        Assert.Equal(
            "invocations_per_function_md.anon.d01.csv line 1: header field 61 is 'fifty-seven' where '57' was expected; an invocation file starts with the header HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440",
            error.Message);
    }

    [Fact]
    public void Load_HeaderCutShort_SaysHowManyFields()
    {
        var error = LoadBroken("HashOwner,HashApp,HashFunction,Trigger,1,2,3");

        Assert.Equal(1, error.Line);
        Assert.Contains("the header has 7 fields where 1444 were expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFile_SaysWhatTheFileShouldStartWith()
    {
        var error = LoadBroken("");

        Assert.Equal(1, error.Line);
        Assert.Contains("HashOwner,HashApp,HashFunction,Trigger", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RowWithTooFewFields_SaysTheLineAndTheCounts()
    {
        var shortRow = string.Join(',', Row("g", "http").Split(',').Take(1200));

        var error = LoadBroken(Header, Row("f", "http", (1, 1)), shortRow);

        Assert.Equal(3, error.Line);
        Assert.Equal("1200 fields where 1444 were expected (HashOwner, HashApp, HashFunction, Trigger and 1440 minute counts)", error.Problem);
    }

    [Fact]
    public void Load_RowWithTooManyFields_SaysTheLine()
    {
        var error = LoadBroken(Header, Row("f", "http") + ",0");

        Assert.Equal(2, error.Line);
        Assert.StartsWith("more than 1444 fields", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("")]
    public void Load_CountThatIsNotAWholeNumber_SaysTheLineAndMinute(string count)
    {
        var fields = Row("f", "timer").Split(',');
        fields[4 + 56] = count;   // minute 57

        var error = LoadBroken(Header, Row("e", "http"), string.Join(',', fields));

        Assert.Equal(3, error.Line);
        Assert.Equal($"minute 57 (field 61) is '{count}', not a whole number of invocations (0 or more)", error.Problem);
    }

    [Fact]
    public void Load_UnknownTrigger_ListsTheKnownOnes()
    {
        var error = LoadBroken(Header, Row("f", "cron"));

        Assert.Equal(2, error.Line);
        Assert.Equal("trigger 'cron' is not one of http, timer, event, queue, storage, orchestration, others", error.Problem);
    }

    [Fact]
    public void Load_EmptyFunctionId_SaysWhichColumn()
    {
        var error = LoadBroken(Header, Row("", "http"));

        Assert.Equal("HashFunction is empty", error.Problem);
    }

    [Fact]
    public void Load_SameFunctionTwiceInADay_NamesBothLines()
    {
        var error = LoadBroken(Header, Row("f", "http"), Row("g", "http"), Row("f", "http"));

        Assert.Equal(4, error.Line);
        Assert.Equal("function f of app a appears a second time in the day (first on line 2)", error.Problem);
    }

    [Fact]
    public void Load_FolderWithoutTheTrace_SaysWhereToPointIt()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<TraceFormatException>(() => AzureTraceCsv.Load(directory.Path));
        var missing = Assert.Throws<TraceFormatException>(() => AzureTraceCsv.Load(directory.Combine("nothing-here")));

        Assert.Contains("has no invocations_per_function_md.anon.dNN.csv: point --trace at the folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("there is no folder", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GapBetweenDays_SaysWhichDaysAreMissing()
    {
        using var directory = new TempDirectory();
        var day = Header + "\n" + Row("f", "http", (1, 1)) + "\n";
        File.WriteAllText(directory.Combine("invocations_per_function_md.anon.d01.csv"), day);
        File.WriteAllText(directory.Combine("invocations_per_function_md.anon.d03.csv"), day);

        var error = Assert.Throws<TraceFormatException>(() => AzureTraceCsv.Load(directory.Path));

        Assert.Contains("has invocations_per_function_md.anon.d01.csv and then invocations_per_function_md.anon.d03.csv: the days between are missing; add them or load fewer days with --days 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, AzureTraceCsv.Load(directory.Path, maxDays: 1).Days);
    }

    [Fact]
    public void Load_MalformedDurations_SaysTheLineAndColumn()
    {
        using var directory = new TempDirectory();
        File.Copy(Path.Combine(Fixture, "invocations_per_function_md.anon.d01.csv"), directory.Combine("invocations_per_function_md.anon.d01.csv"));
        File.WriteAllText(directory.Combine("function_durations_percentiles.anon.d01.csv"), "HashOwner,HashApp,HashFunction,Average,Count\no1,a1,f1,fast,3\n");

        var error = Assert.Throws<TraceFormatException>(() => AzureTraceCsv.Load(directory.Path));

        Assert.Equal("function_durations_percentiles.anon.d01.csv line 2: Average (field 4) is 'fast', not a number of 0 or more", error.Message);
    }

    [Fact]
    public void Load_MemoryRowCutShort_SaysTheLineAndTheCounts()
    {
        using var directory = new TempDirectory();
        File.Copy(Path.Combine(Fixture, "invocations_per_function_md.anon.d01.csv"), directory.Combine("invocations_per_function_md.anon.d01.csv"));
        File.WriteAllText(directory.Combine("app_memory_percentiles.anon.d01.csv"), "HashOwner,HashApp,SampleCount,AverageAllocatedMb\no1,a1,12,300\no2\n");

        var error = Assert.Throws<TraceFormatException>(() => AzureTraceCsv.Load(directory.Path));

        Assert.Equal("app_memory_percentiles.anon.d01.csv line 3: 1 fields where the header has 4", error.Message);
    }

    [Fact]
    public void Load_MemoryFileWithoutItsColumn_NamesTheColumnsNeeded()
    {
        using var directory = new TempDirectory();
        File.Copy(Path.Combine(Fixture, "invocations_per_function_md.anon.d01.csv"), directory.Combine("invocations_per_function_md.anon.d01.csv"));
        File.WriteAllText(directory.Combine("app_memory_percentiles.anon.d01.csv"), "HashOwner,HashApp,SampleCount\n");

        var error = Assert.Throws<TraceFormatException>(() => AzureTraceCsv.Load(directory.Path));

        Assert.Equal("app_memory_percentiles.anon.d01.csv line 1: the header has no column AverageAllocatedMb; it needs HashOwner, HashApp, AverageAllocatedMb", error.Message);
    }
}
