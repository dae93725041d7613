using System.Globalization;
using Kumo.Bench.Load.Bare;
using Kumo.Bench.Load.Histogram;
using Kumo.Bench.Load.Load;
using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// Figure 2: warm latency of a no-op function, closed loop with one connection: the Node and C# functions through
/// their function URLs and the Lambda Invoke API, against a bare Node <c>http</c> server and a Kestrel minimal API
/// running the same handlers, all called by the same client, interleaved in blocks. Then an open-loop row (Poisson
/// arrivals, latency from the intended send time), and the records' phases of a sample of the calls.
/// </summary>
internal static class WarmLatencyFigure
{
    public const int MemoryMb = 256;
    private const int Block = 100;
    private const int PhaseSampleCalls = 200;

    /// <summary>Sandboxes the function has before the open-loop run.</summary>
    public const int OpenLoopSandboxes = 8;

    public static async Task<WarmLatencyResult> RunAsync(KumoServer server, BenchPaths paths, IReadOnlyList<BenchFunction> functions, BenchSettings settings)
    {
        using var http = HttpTarget.NewClient(connections: 1);
        var client = server.Client;
        var node = functions.Single(f => f.Key == "node");
        var dotnet = functions.Single(f => f.Key == "dotnet");
        await client.CreateFunctionAsync("warm-node", node, MemoryMb);
        await client.CreateFunctionAsync("warm-dotnet", dotnet, MemoryMb);
        var nodeUrl = await client.CreateUrlAsync("warm-node");
        var dotnetUrl = await client.CreateUrlAsync("warm-dotnet");
        await using var bareNode = await BareHttpServer.NodeAsync(paths, workers: 1);
        await using var kestrel = await BareHttpServer.KestrelAsync(paths);
        HttpTarget[] targets =
        [
            new("Node function URL", nodeUrl, http, isKumo: true),
            new("Node Lambda Invoke API", Invoke(client, "warm-node"), http, isKumo: true),
            new(bareNode.Label, bareNode.Url, http, isKumo: false, baselineOf: "Node"),
            new("C# function URL", dotnetUrl, http, isKumo: true),
            new("C# Lambda Invoke API", Invoke(client, "warm-dotnet"), http, isKumo: true),
            new(kestrel.Label, kestrel.Url, http, isKumo: false, baselineOf: "C#"),
        ];

        var histograms = targets.ToDictionary(t => t, _ => new LatencyHistogram());
        await InterleavedAsync(targets, settings.WarmUpCalls, null);
        await InterleavedAsync(targets, settings.WarmCalls, histograms);
        Console.Error.WriteLine("  figure 2: closed loop done");

        var phases = new Dictionary<string, IReadOnlyList<PhaseSample>>();
        foreach (var target in targets.Where(t => t.IsKumo))
        {
            var sent = new List<(double Sent, double Done, string Id)>();
            for (var i = 0; i < PhaseSampleCalls; i++)
            {
                var start = Clock.NowMs();
                var id = await target.SendWithIdAsync();
                sent.Add((start, Clock.NowMs(), id));
            }

            var samples = new List<PhaseSample>();
            foreach (var (start, done, id) in sent)
            {
                if (await client.GetRecordAsync(id) is { } record)
                {
                    samples.Add(new PhaseSample(start, done, record));
                }
            }

            phases[target.Label] = samples;
        }

        // Open loop: Poisson arrivals, the same seed on both sides, latency from the intended send time. The
        // function first gets a few sandboxes (overlapping invocations), so that the run measures a steady state
        // rather than its scaling up.
        await Task.WhenAll(Enumerable.Range(0, OpenLoopSandboxes).Select(_ => client.InvokeAsync("warm-node", """{"sleepMs":300}"""u8.ToArray())));
        using var openClient = HttpTarget.NewClient(connections: 64);
        var open = new List<(string Label, LoadResult Result, string? Kumo)>();
        foreach (var (label, url, isKumo) in new[] { ("Node function URL", nodeUrl, true), (bareNode.Label, bareNode.Url, false) })
        {
            var target = new HttpTarget(label, url, openClient, isKumo);
            var sampler = isKumo ? new PhaseSampler(target) : null;
            var since = DateTimeOffset.UtcNow;
            var result = await OpenLoop.RunAsync(sampler is null ? target.SendAsync : sampler.SendAsync, settings.OpenLoopRate, poisson: true, settings.Seed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
            string? kumo = null;
            if (sampler is not null)
            {
                phases[label + ", open loop"] = await sampler.SamplesAsync(client);
                var started = await client.NewSandboxesSinceAsync("warm-node", since);
                kumo = $"{(started.Length == 0 ? "none" : started)}; {await client.LiveSandboxesAsync()} sandboxes live after";
            }

            open.Add((label, result, kumo));
        }

        await client.DeleteFunctionAsync("warm-node");
        await client.DeleteFunctionAsync("warm-dotnet");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  figure 2: node URL p50 {histograms[targets[0]].PercentileMs(50):0.000} ms, bare node p50 {histograms[targets[2]].PercentileMs(50):0.000} ms"));
        return new WarmLatencyResult([.. targets.Select(t => (t.Label, t.IsKumo, t.BaselineOf, histograms[t]))], phases, open, settings.OpenLoopRate);
    }

    /// <summary>Every target in turn, a block of calls each, until each has had <paramref name="calls"/>.</summary>
    private static async Task InterleavedAsync(HttpTarget[] targets, int calls, Dictionary<HttpTarget, LatencyHistogram>? into)
    {
        for (var done = 0; done < calls; done += Block)
        {
            foreach (var target in targets)
            {
                await ClosedLoop.SequentialAsync(target.SendAsync, Math.Min(Block, calls - done), into?[target]);
            }
        }
    }

    private static Uri Invoke(KumoClient client, string function) => new(client.Endpoint, $"/2015-03-31/functions/{function}/invocations");
}

/// <summary>Figure 2's numbers: a histogram per target (bare rows name the runtime they are the baseline of), the phases of sampled Kumo calls, and the open-loop rows.</summary>
internal sealed record WarmLatencyResult(
    IReadOnlyList<(string Label, bool IsKumo, string? BaselineOf, LatencyHistogram Latencies)> Rows,
    IReadOnlyDictionary<string, IReadOnlyList<PhaseSample>> Phases,
    IReadOnlyList<(string Label, LoadResult Result, string? StartKinds)> OpenLoop,
    double OpenLoopRate);
