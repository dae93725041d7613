using System.Diagnostics;
using Kumo.Bench.Load.Figures;
using Kumo.Bench.Load.Machine;
using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load;

/// <summary>
/// Runs the benchmark set: a server with the pre-warmed pools on (the default) for figures 1–4, then one with them
/// off for figures 1, 4 and 5; without pools in this build, one server for everything. A figure that fails is
/// reported as failed and makes the exit code non-zero; a missed target never does.
/// </summary>
internal static class BenchDriver
{
    public static async Task<int> RunAsync(
        BenchSettings settings, string? markdownFile, string command, DateTimeOffset? scriptStarted, (string Command, string Markdown)? simulator)
    {
        var clock = Stopwatch.StartNew();
        var paths = BenchPaths.Find();
        if (paths.Missing() is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 1;
        }

        Affinity.PinDriver();
        var functions = BenchFunction.All(paths);
        var prewarm = KumoServer.SupportsPrewarm(paths.Kumo);
        var run = new BenchRun
        {
            Machine = MachineInfo.Describe(),
            Started = DateTimeOffset.UtcNow,
            Command = command,
            Settings = settings,
            PoolUnavailable = prewarm ? null : "pool not available in this build",
            DefaultConfiguration = prewarm ? "kumo up --prewarm on" : "kumo up",
            Simulator = simulator,
        };
        Console.Error.WriteLine($"machine: {run.Machine}");
        Console.Error.WriteLine(Affinity.Describe());
        var failures = new List<string>();

        async Task FigureAsync(int figure, string configuration, Func<Task> measure)
        {
            if (!settings.Figures.Contains(figure))
            {
                return;
            }

            Console.Error.WriteLine($"figure {figure} ({configuration}) …");
            var took = Stopwatch.StartNew();
            try
            {
                await measure();
                run.FigureTimes.Add((figure, configuration, took.Elapsed));
                Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"figure {figure} ({configuration}) took {took.Elapsed.TotalSeconds:0} s"));
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or TimeoutException or InvalidDataException or TaskCanceledException)
            {
                failures.Add($"figure {figure} ({configuration}) failed: {e.Message}");
                Console.Error.WriteLine(failures[^1]);
            }
        }

        var first = prewarm ? "pool on" : "pool off";
        await using (var server = await KumoServer.StartAsync(paths.Kumo, first, prewarm ? ["--prewarm", "on"] : []))
        {
            await FigureAsync(1, first, async () => run.Cold.AddRange(await ColdStartFigure.RunAsync(server, functions, settings)));
            await FigureAsync(2, first, async () => run.Warm = await WarmLatencyFigure.RunAsync(server, paths, functions, settings));
            await FigureAsync(3, first, async () => run.Throughput = await ThroughputFigure.RunAsync(server, paths, functions, settings));
            await FigureAsync(4, first, async () => run.ScaleOut.Add(await ScaleOutFigure.RunAsync(server, functions, settings)));
            if (!prewarm)
            {
                await FigureAsync(5, first, async () => run.Idle.AddRange(await IdleMemoryFigure.RunAsync(server, functions, settings)));
            }
        }

        if (prewarm && settings.Figures.Overlaps([1, 4, 5]))
        {
            await using var server = await KumoServer.StartAsync(paths.Kumo, "pool off", ["--prewarm", "off"]);
            await FigureAsync(1, "pool off", async () => run.Cold.AddRange(await ColdStartFigure.RunAsync(server, functions, settings)));
            await FigureAsync(4, "pool off", async () => run.ScaleOut.Add(await ScaleOutFigure.RunAsync(server, functions, settings)));
            await FigureAsync(5, "pool off", async () => run.Idle.AddRange(await IdleMemoryFigure.RunAsync(server, functions, settings)));
        }

        // Each runtime's rows together, pool on before pool off.
        var order = functions.Select(f => f.Key).ToList();
        var sorted = run.Cold.OrderBy(r => order.IndexOf(r.Function.Key)).ThenBy(r => r.Configuration == "pool on" ? 0 : 1).ToList();
        run.Cold.Clear();
        run.Cold.AddRange(sorted);
        run.DriverElapsed = clock.Elapsed;
        run.ScriptElapsed = scriptStarted is { } started ? DateTimeOffset.UtcNow - started : null;
        run.Failures.AddRange(failures);
        var report = MarkdownReport.Render(run);
        Console.WriteLine(report);
        if (markdownFile is not null)
        {
            await MarkdownReport.WriteAsync(markdownFile, report);
            Console.Error.WriteLine($"wrote {markdownFile}");
        }

        return failures.Count == 0 ? 0 : 1;
    }
}
