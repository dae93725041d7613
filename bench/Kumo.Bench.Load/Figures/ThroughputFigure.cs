using System.Globalization;
using Kumo.Bench.Load.Bare;
using Kumo.Bench.Load.Load;
using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// Figure 3: throughput of the no-op function on all cores, closed loop at C = 4 × CPUs, doubling up to 64
/// connections; the best sustained rate of each target against the bare servers using every core (Node's
/// <c>cluster</c> with one worker per CPU, and Kestrel). Before each Kumo run, C overlapping invocations make sure
/// the function has C sandboxes, so that the window measures warm invocations, not scaling.
/// </summary>
internal static class ThroughputFigure
{
    public const int MemoryMb = 128;
    private static readonly byte[] Hold = """{"sleepMs":300}"""u8.ToArray();

    public static IReadOnlyList<int> Levels()
    {
        var levels = new List<int>();
        for (var c = Math.Min(4 * Environment.ProcessorCount, 64); c <= 64; c *= 2)
        {
            levels.Add(c);
        }

        return levels;
    }

    public static async Task<ThroughputResult> RunAsync(KumoServer server, BenchPaths paths, IReadOnlyList<BenchFunction> functions, BenchSettings settings)
    {
        var client = server.Client;
        await client.CreateFunctionAsync("tp-node", functions.Single(f => f.Key == "node"), MemoryMb);
        await client.CreateFunctionAsync("tp-dotnet", functions.Single(f => f.Key == "dotnet"), MemoryMb);
        var nodeUrl = await client.CreateUrlAsync("tp-node");
        var dotnetUrl = await client.CreateUrlAsync("tp-dotnet");
        await using var bareNode = await BareHttpServer.NodeAsync(paths, workers: Environment.ProcessorCount);
        await using var kestrel = await BareHttpServer.KestrelAsync(paths);
        var rows = new List<ThroughputRow>();
        foreach (var level in Levels())
        {
            using var http = HttpTarget.NewClient(level);
            (HttpTarget Target, string? Function)[] targets =
            [
                (new("Node function URL", nodeUrl, http, isKumo: true), "tp-node"),
                (new(bareNode.Label, bareNode.Url, http, isKumo: false, baselineOf: "Node"), null),
                (new("C# function URL", dotnetUrl, http, isKumo: true), "tp-dotnet"),
                (new(kestrel.Label, kestrel.Url, http, isKumo: false, baselineOf: "C#"), null),
            ];
            foreach (var (target, function) in targets)
            {
                if (function is not null)
                {
                    await Task.WhenAll(Enumerable.Range(0, level).Select(_ => client.InvokeAsync(function, Hold)));
                    // The pools refill after the scale-up; the run starts once they have, so that it does not pay for that.
                    await client.WaitForFullPoolsAsync();
                }

                // Kumo's last requests of the window are kept, to read their records' phases afterwards.
                var sampler = function is null ? null : new PhaseSampler(target);
                var pid = function is null ? (target.Label == kestrel.Label ? kestrel.ProcessId : bareNode.ProcessId) : server.ProcessId;
                var before = CpuPerRequest.Take(pid);
                var result = await ClosedLoop.RunAsync(sampler is null ? target.SendAsync : sampler.SendAsync, level, settings.ThroughputWarmUp, settings.ThroughputWindow);
                var cpu = before.Per(CpuPerRequest.Take(pid), result.TotalCompleted);
                var samples = sampler is null ? [] : await sampler.SamplesAsync(client);
                rows.Add(new ThroughputRow(target.Label, target.IsKumo, target.BaselineOf, level, result, samples, cpu));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  figure 3: {target.Label} at C={level}: {result.RequestsPerSecond:N0} req/s, p50 {result.Latencies.PercentileMs(50):0.00} ms, {result.Errors} errors"));
            }
        }

        await client.DeleteFunctionAsync("tp-node");
        await client.DeleteFunctionAsync("tp-dotnet");
        return new ThroughputResult(rows);
    }
}

/// <summary>One target at one concurrency.</summary>
internal sealed record ThroughputRow(string Label, bool IsKumo, string? BaselineOf, int Concurrency, LoadResult Result, IReadOnlyList<PhaseSample> Phases, CpuPerRequest Cpu);

/// <summary>Figure 3's runs.</summary>
internal sealed record ThroughputResult(IReadOnlyList<ThroughputRow> Rows)
{
    /// <summary>Each target's best sustained rate, in the order first measured.</summary>
    public IEnumerable<ThroughputRow> Best() => Rows.GroupBy(r => r.Label).Select(g => g.MaxBy(r => r.Result.RequestsPerSecond)!);
}
