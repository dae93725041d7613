using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kumo.Bench.Simulator.Engine;
using Kumo.Bench.Simulator.Report;
using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator;

/// <summary>The simulator's command line: <c>synthetic</c> and <c>azure</c>, each replaying its trace under every policy.</summary>
internal static class SimulatorCommand
{
    /// <summary>The policies compared unless <c>--policies</c> says otherwise.</summary>
    public const string DefaultPolicies = "fixed:10,fixed:20,fixed:60,hybrid";

    /// <summary>The command line, writing the report to <paramref name="output"/> and progress and errors to <paramref name="error"/>.</summary>
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var policies = new Option<string>("--policies")
        {
            Description = "Policies to compare, comma-separated: fixed:MINUTES, hybrid (fixed:10 is always included, as the baseline)",
            DefaultValueFactory = _ => DefaultPolicies,
            HelpName = "LIST",
            Recursive = true,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the synthetic trace and of the replay (arrival times within minutes, execution times)",
            DefaultValueFactory = _ => 1,
            Recursive = true,
        };
        var spread = new Option<ArrivalSpread>("--spread")
        {
            Description = "How a minute's invocations are spread over it: even (from a phase per function) or uniform (random)",
            DefaultValueFactory = _ => ArrivalSpread.Even,
            Recursive = true,
        };
        var sigma = new Option<double>("--duration-sigma")
        {
            Description = "σ of the log-normal spread of one function's execution times around its average (0: always the average)",
            DefaultValueFactory = _ => 0.5,
            Recursive = true,
        };
        sigma.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 3 or double.NaN)
            {
                result.AddError("--duration-sigma must be from 0 to 3");
            }
        });
        var parallel = new Option<int>("--parallel")
        {
            Description = "How many functions to replay at once (the result does not depend on it)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            Recursive = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a Markdown table", Recursive = true };
        var describe = new Option<bool>("--describe") { Description = "Only describe the trace's shape next to the paper's figures; replay nothing", Recursive = true };

        var functions = new Option<int>("--functions") { Description = "How many functions", DefaultValueFactory = _ => 2000 };
        functions.Validators.Add(result => AtLeastOne(result, "--functions", 1_000_000));
        var syntheticDays = new Option<int>("--days") { Description = "How many days", DefaultValueFactory = _ => 2 };
        syntheticDays.Validators.Add(result => AtLeastOne(result, "--days", 366));
        var synthetic = new Command("synthetic", "Replay a synthetic trace shaped like the Azure Functions 2019 trace") { functions, syntheticDays };

        var trace = new Option<string>("--trace")
        {
            Description = "The folder the Azure Functions 2019 trace was unpacked to (invocations_per_function_md.anon.dNN.csv …)",
            HelpName = "DIR",
            Required = true,
        };
        var azureDays = new Option<int?>("--days") { Description = "Replay only the first N days [default: every day in the folder]", HelpName = "N" };
        azureDays.Validators.Add(result => AtLeastOne(result, "--days", 366));
        var azure = new Command("azure", "Replay the Azure Functions 2019 trace (not shipped with Kumo; download it from github.com/Azure/AzurePublicDataset)") { trace, azureDays };

        var root = new RootCommand("Replays invocation traces through Kumo's keep-alive policies (the real Kumo.Core.KeepAlive code, on a simulated clock) and reports cold starts and idle memory per policy.")
        {
            synthetic,
            azure,
        };
        foreach (var option in new Option[] { policies, seed, spread, sigma, parallel, json, describe })
        {
            root.Options.Add(option);
        }

        SimulationOptions Replay(ParseResult parse) => new()
        {
            Seed = parse.GetValue(seed),
            Spread = parse.GetValue(spread),
            DurationSigma = parse.GetValue(sigma),
            Parallelism = Math.Max(1, parse.GetValue(parallel)),
        };

        synthetic.SetAction(parse => Run(
            () => SyntheticTrace.Generate(new SyntheticTraceOptions { Functions = parse.GetValue(functions), Days = parse.GetValue(syntheticDays), Seed = parse.GetValue(seed) }),
            parse.GetValue(policies)!, Replay(parse), parse.GetValue(json), parse.GetValue(describe), output, error));
        azure.SetAction(parse => Run(
            () => AzureTraceCsv.Load(parse.GetValue(trace)!, parse.GetValue(azureDays)),
            parse.GetValue(policies)!, Replay(parse), parse.GetValue(json), parse.GetValue(describe), output, error));
        root.SetAction(parse => new System.CommandLine.Help.HelpAction().Invoke(parse));
        return root;
    }

    private static int Run(Func<InvocationTrace> load, string policyList, SimulationOptions options, bool asJson, bool describeOnly, TextWriter output, TextWriter error)
    {
        var (policies, problem) = PolicyUnderTest.ParseList(policyList);
        if (problem is not null)
        {
            error.WriteLine($"--policies: {problem}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        InvocationTrace trace;
        try
        {
            trace = load();
        }
        catch (TraceFormatException e)
        {
            error.WriteLine($"cannot read the trace: {e.Message}");
            return 1;
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace ready in {clock.Elapsed.TotalSeconds:0.0} s: {trace.Functions.Count:N0} functions, {trace.Invocations:N0} invocations over {trace.Days} days"));
        if (describeOnly)
        {
            var shape = TraceShape.Of(trace);
            output.Write(asJson ? JsonSerializer.Serialize(shape, ReportJsonContext.Default.TraceShape) + Environment.NewLine : MarkdownReport.RenderShape(trace.Source, shape));
            return 0;
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replaying under {policies.Count} policies …"));
        clock.Restart();
        var report = Simulation.Run(trace, policies, options);
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed in {clock.Elapsed.TotalSeconds:0.0} s"));
        output.Write(asJson ? JsonSerializer.Serialize(report, ReportJsonContext.Default.SimulationReport) + Environment.NewLine : MarkdownReport.Render(report));
        return 0;
    }

    private static void AtLeastOne(System.CommandLine.Parsing.OptionResult result, string name, int max)
    {
        var value = result.GetValueOrDefault<int?>();
        if (value is < 1 || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be from 1 to {max:N0}"));
        }
    }
}
