using System.Text.Json;
using Kumo.Bench.Simulator.Engine;
using Kumo.Bench.Simulator.Report;
using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Tests;

/// <summary>A whole trace under several policies: sums, the baseline, repeatability and the report.</summary>
public sealed class SimulationTests
{
    private static readonly InvocationTrace Small = SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = 60, Days = 1, Seed = 7 });

    private static IReadOnlyList<PolicyUnderTest> Policies(string list) => PolicyUnderTest.ParseList(list).Policies;

    [Fact]
    public void Run_SameSeed_GivesTheSameReportWhateverTheParallelism()
    {
        var one = Simulation.Run(Small, Policies("fixed:10,hybrid"), new SimulationOptions { Seed = 5, Parallelism = 1 });
        var two = Simulation.Run(Small, Policies("fixed:10,hybrid"), new SimulationOptions { Seed = 5, Parallelism = 2 });

        Assert.Equal(
            JsonSerializer.Serialize(one, ReportJsonContext.Default.SimulationReport),
            JsonSerializer.Serialize(two, ReportJsonContext.Default.SimulationReport));
    }

    [Fact]
    public void Run_EveryPolicy_ReplaysEveryInvocation_AndLongerKeepAliveNeverAddsColdStarts()
    {
        var report = Simulation.Run(Small, Policies("fixed:10,fixed:60,hybrid"), new SimulationOptions { Seed = 5 });

        Assert.Equal(["fixed 10 min", "fixed 60 min", "hybrid"], report.Policies.Select(p => p.Policy));
        Assert.All(report.Policies, p => Assert.Equal(Small.Invocations, p.Invocations));
        var (ten, sixty) = (report.Policies[0], report.Policies[1]);
        Assert.Equal(1, ten.WastedMemoryRatio);
        Assert.True(sixty.ColdStarts <= ten.ColdStarts);
        Assert.True(sixty.IdleGbSeconds > ten.IdleGbSeconds);
        Assert.Equal(sixty.IdleGbSeconds / ten.IdleGbSeconds, sixty.WastedMemoryRatio, 9);
        Assert.Equal((double)ten.ColdStarts / ten.Invocations, ten.ColdStartShare, 12);
        Assert.Equal(0, ten.PreWarms);
    }

    [Fact]
    public void Render_Table_HasARowPerPolicyWithTheBaselineAtOne()
    {
        var report = Simulation.Run(Small, Policies("fixed:20,hybrid"), new SimulationOptions { Seed = 5 });

        var text = MarkdownReport.Render(report);

        Assert.Contains("| policy | cold starts | cold-start share |", text, StringComparison.Ordinal);
        Assert.Contains("| fixed 10 min |", text, StringComparison.Ordinal);
        Assert.Contains("| 1.00 |", text, StringComparison.Ordinal);
        Assert.Contains("| fixed 20 min |", text, StringComparison.Ordinal);
        Assert.Contains("| hybrid |", text, StringComparison.Ordinal);
        Assert.Contains("- hybrid: decisions by reason: ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fixed:10,fixed:20,fixed:60,hybrid", "fixed 10 min|fixed 20 min|fixed 60 min|hybrid")]
    [InlineData("hybrid", "fixed 10 min|hybrid")]
    [InlineData("fixed:60, fixed:10", "fixed 10 min|fixed 60 min")]
    [InlineData("hybrid:30,fixed:10,fixed:10,hybrid:30", "fixed 10 min|hybrid (30 min while learning)")]
    public void ParseList_GoodLists_PutTheBaselineFirst(string list, string names)
    {
        var (policies, problem) = PolicyUnderTest.ParseList(list);

        Assert.Null(problem);
        Assert.Equal(names.Split('|'), policies.Select(p => p.Name));
    }

    [Theory]
    [InlineData("fixed", "'fixed' is not a policy: use fixed:MINUTES or hybrid")]
    [InlineData("fixed:0", "'fixed:0': the minutes after ':' must be a number of more than 0 and at most 1440")]
    [InlineData("fixed:ten", "'fixed:ten': the minutes")]
    [InlineData("lru", "'lru' is not a policy")]
    [InlineData(" , ", "no policy given")]
    public void ParseList_BadLists_SayWhatIsWrong(string list, string problem)
    {
        var (policies, error) = PolicyUnderTest.ParseList(list);

        Assert.Empty(policies);
        Assert.StartsWith(problem, error, StringComparison.Ordinal);
    }
}
