using System.CommandLine;
using System.Globalization;
using Kumo.Bench.Load.Figures;
using Kumo.Bench.Load.Load;

namespace Kumo.Bench.Load;

/// <summary>The driver's command line: <c>all</c> runs the benchmark set and writes the report; <c>load</c> drives one URL.</summary>
internal static class LoadCommand
{
    public static RootCommand Create()
    {
        var defaults = new BenchSettings();
        var markdown = new Option<string?>("--markdown") { Description = "Write the report into this file, above its marker line (docs/benchmarks.md)", HelpName = "FILE" };
        var figures = new Option<string>("--figures") { Description = "Which figures to run, comma-separated", DefaultValueFactory = _ => "1,2,3,4,5", HelpName = "LIST" };
        var coldRounds = Positive("--cold-rounds", "Figure 1: functions deployed and cold-started per runtime and configuration", defaults.ColdRounds);
        var warmCalls = Positive("--warm-calls", "Figure 2: measured calls per path", defaults.WarmCalls);
        var warmUpCalls = Positive("--warm-up-calls", "Figure 2: warm-up calls per path", defaults.WarmUpCalls);
        var throughputSeconds = Positive("--throughput-seconds", "Figure 3: seconds measured at each concurrency", (int)defaults.ThroughputWindow.TotalSeconds);
        var scaleOut = Positive("--scale-out", "Figure 4: concurrent invocations from zero", defaults.ScaleOut);
        var idle = Positive("--idle-sandboxes", "Figure 5: idle sandboxes per runtime", defaults.IdleSandboxes);
        var simulatorReport = new Option<string?>("--simulator-report") { Description = "The keep-alive simulator's Markdown from this run, to include", HelpName = "FILE" };
        var simulatorCommand = new Option<string?>("--simulator-command") { Description = "The command that produced --simulator-report", HelpName = "TEXT" };
        var command = new Option<string>("--command") { Description = "The command to name in the report as the one that produced it", DefaultValueFactory = _ => "bench/run.sh" };
        var scriptStarted = new Option<long?>("--script-started") { Description = "When the calling script started (Unix seconds), to report its run time", HelpName = "SECONDS" };

        var all = new Command("all", "Run the benchmark set against real kumo up servers and report every figure with its baseline")
        {
            markdown, figures, coldRounds, warmCalls, warmUpCalls, throughputSeconds, scaleOut, idle, simulatorReport, simulatorCommand, command, scriptStarted,
        };
        all.SetAction(async (parse, cancellationToken) =>
        {
            if (ParseFigures(parse.GetValue(figures)!) is not { } chosen)
            {
                await Console.Error.WriteLineAsync($"--figures: '{parse.GetValue(figures)}' is not a comma-separated list of figures 1 to 5, such as 1,2");
                return 2;
            }

            var settings = defaults with
            {
                Figures = chosen,
                ColdRounds = parse.GetValue(coldRounds),
                WarmCalls = parse.GetValue(warmCalls),
                WarmUpCalls = parse.GetValue(warmUpCalls),
                ThroughputWindow = TimeSpan.FromSeconds(parse.GetValue(throughputSeconds)),
                ScaleOut = parse.GetValue(scaleOut),
                IdleSandboxes = parse.GetValue(idle),
            };
            string? simulator = null;
            if (parse.GetValue(simulatorReport) is { } file)
            {
                if (!File.Exists(file))
                {
                    await Console.Error.WriteLineAsync($"--simulator-report: {file} does not exist");
                    return 2;
                }

                simulator = await File.ReadAllTextAsync(file, cancellationToken);
            }

            var started = parse.GetValue(scriptStarted) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
            return await BenchDriver.RunAsync(settings, parse.GetValue(markdown), parse.GetValue(command)!, started,
                simulator is null ? null : (parse.GetValue(simulatorCommand) ?? "the keep-alive simulator", simulator));
        });

        var url = new Option<string>("--url") { Description = "Where to POST each request (an absolute http:// URL)", Required = true };
        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                result.AddError($"--url must be an absolute http:// or https:// URL, such as http://127.0.0.1:7070/_kumo/url/ID/; got '{result.GetValueOrDefault<string>()}'");
            }
        });
        var mode = new Option<string>("--mode") { Description = "closed: C workers back to back; open: a fixed schedule of sends", DefaultValueFactory = _ => "closed" };
        mode.AcceptOnlyFromAmong("closed", "open");
        var concurrency = Positive("--concurrency", "Closed loop: workers", 1);
        var rate = new Option<double>("--rate") { Description = "Open loop: requests per second", DefaultValueFactory = _ => 100 };
        var poisson = new Option<bool>("--poisson") { Description = "Open loop: Poisson arrivals instead of a fixed interval" };
        var seconds = Positive("--seconds", "Seconds measured", 10);
        var warmUp = new Option<int>("--warm-up") { Description = "Seconds of warm-up, not measured", DefaultValueFactory = _ => 2 };
        var load = new Command("load", "Drive one URL with open- or closed-loop load and print latency percentiles and the rate")
        {
            url, mode, concurrency, rate, poisson, seconds, warmUp,
        };
        load.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(rate) <= 0)
            {
                await Console.Error.WriteLineAsync("--rate must be above 0");
                return 2;
            }

            using var client = HttpTarget.NewClient(Math.Max(64, parse.GetValue(concurrency)));
            var target = new HttpTarget(parse.GetValue(url)!, new Uri(parse.GetValue(url)!), client, isKumo: false);
            var window = TimeSpan.FromSeconds(parse.GetValue(seconds));
            var warm = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmUp)));
            var result = parse.GetValue(mode) == "open"
                ? await OpenLoop.RunAsync(target.SendAsync, parse.GetValue(rate), parse.GetValue(poisson), seed: 1, warm, window)
                : await ClosedLoop.RunAsync(target.SendAsync, parse.GetValue(concurrency), warm, window);
            var h = result.Latencies;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Completed:N0} requests, {result.RequestsPerSecond:N0}/s, {result.Errors} errors; ms: p50 {h.PercentileMs(50):0.000} p90 {h.PercentileMs(90):0.000} p99 {h.PercentileMs(99):0.000} p99.9 {h.PercentileMs(99.9):0.000} max {h.MaxMs:0.000}"));
            if (result.FirstError is { } error)
            {
                Console.WriteLine("first error: " + error);
            }

            return result.Errors == 0 ? 0 : 1;
        });

        return new RootCommand("Kumo's end-to-end benchmark driver") { all, load };
    }

    private static Option<int> Positive(string name, string description, int fallback)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be 1 or more");
            }
        });
        return option;
    }

    private static HashSet<int>? ParseFigures(string list)
    {
        var figures = new HashSet<int>();
        foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var figure) || figure is < 1 or > 5)
            {
                return null;
            }

            figures.Add(figure);
        }

        return figures.Count > 0 ? figures : null;
    }
}
