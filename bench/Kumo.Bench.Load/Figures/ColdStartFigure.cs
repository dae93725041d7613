using System.Globalization;
using Kumo.Bench.Load.Bare;
using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// Figure 1: cold start, request → handler entered. Per runtime, K functions of identical code are deployed and each
/// is invoked once, so every call is the first of its function: a cold start (or a pre-warmed one, with the pool).
/// Between calls the driver waits until the pools are full again. Each call is followed by the baselines, the same
/// runtime started bare: to its exit (its own start), and to the same handler entered.
/// </summary>
internal static class ColdStartFigure
{
    public const int MemoryMb = 256;
    private static readonly byte[] Payload = """{"bench":true}"""u8.ToArray();

    public static async Task<IReadOnlyList<ColdStartResult>> RunAsync(KumoServer server, IReadOnlyList<BenchFunction> functions, BenchSettings settings)
    {
        var client = server.Client;
        var results = new List<ColdStartResult>();
        var slug = server.Label.Replace(' ', '-');
        foreach (var function in functions)
        {
            // One unmeasured start of each side: the file cache is warm for both, and the pool learns the memory size.
            var names = Enumerable.Range(0, settings.ColdRounds + 1).Select(i => $"cold-{slug}-{function.Key}-{i}").ToList();
            await client.CreateFunctionAsync(names[0], function, MemoryMb);
            await client.InvokeAsync(names[0], Payload);
            await BareProcess.StartToExitAsync(function.BareStart);
            await BareProcess.StartToHandlerAsync(function.BareHandler);
            foreach (var name in names.Skip(1))
            {
                await client.CreateFunctionAsync(name, function, MemoryMb);
            }

            var kumo = new List<(double Sent, Invoked Invoked)>();
            var bareStart = new List<double>();
            var bareHandler = new List<double>();
            var poolNotFull = 0;
            var hasPools = false;
            foreach (var name in names.Skip(1))
            {
                var pools = await client.WaitForFullPoolsAsync();
                hasPools |= pools is not null;
                poolNotFull += pools == false ? 1 : 0;
                var sent = Clock.NowMs();
                var invoked = await client.InvokeAsync(name, Payload);
                kumo.Add((sent, invoked));
                // Interleaved, so that a noisy moment of the machine falls on both sides alike.
                bareStart.Add(await BareProcess.StartToExitAsync(function.BareStart));
                bareHandler.Add(await BareProcess.StartToHandlerAsync(function.BareHandler));
            }

            var samples = new List<PhaseSample>();
            foreach (var (sent, invoked) in kumo)
            {
                if (await client.GetRecordAsync(invoked.RequestId) is { } record)
                {
                    samples.Add(new PhaseSample(sent, invoked.Entered, record));
                }
            }

            foreach (var name in names)
            {
                await client.DeleteFunctionAsync(name);
            }

            var result = new ColdStartResult(function, server.Label, [.. kumo.Select(k => k.Invoked.Entered - k.Sent)], bareStart, bareHandler, samples,
                hasPools, poolNotFull);
            results.Add(result);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  figure 1, {server.Label}, {function.Label}: p50 {Stats.Median(result.Kumo):0.0} ms (bare start {Stats.Median(bareStart):0.0} ms); {PhaseBreakdown.StartKinds(samples.Select(s => s.Record))}"));
        }

        return results;
    }
}

/// <summary>Figure 1 for one runtime and configuration: Kumo's cold starts and the bare baselines, in ms, with the records' phases.</summary>
internal sealed record ColdStartResult(
    BenchFunction Function, string Configuration, IReadOnlyList<double> Kumo, IReadOnlyList<double> BareStart, IReadOnlyList<double> BareHandler,
    IReadOnlyList<PhaseSample> Samples, bool PoolsShown, int PoolNotFull);
