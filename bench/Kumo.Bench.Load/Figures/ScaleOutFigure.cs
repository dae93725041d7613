using System.Globalization;
using Kumo.Bench.Load.Bare;
using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// Figure 4: scale-out from zero. A fresh Node function (128 MB, sleeps 1 s) with no sandbox gets N concurrent
/// invocations at t0; the figure is the time until every one has entered its handler, max(entered) − t0, with the
/// median start. The baseline spawns N bare Node processes at once, each handed the same event.
/// </summary>
internal static class ScaleOutFigure
{
    public const int MemoryMb = 128;
    private static readonly byte[] Sleep = """{"sleepMs":1000}"""u8.ToArray();

    public static async Task<ScaleOutResult> RunAsync(KumoServer server, IReadOnlyList<BenchFunction> functions, BenchSettings settings)
    {
        var node = functions.Single(f => f.Key == "node");
        var name = $"scale-{server.Label.Replace(' ', '-')}";
        await server.Client.CreateFunctionAsync(name, node, MemoryMb, timeoutSeconds: 120);
        var t0 = Clock.NowMs();
        var invoked = await Task.WhenAll(Enumerable.Range(0, settings.ScaleOut).Select(_ => server.Client.InvokeAsync(name, Sleep)));
        var kumo = invoked.Select(i => i.Entered - t0).ToList();
        var records = new List<InvocationPhasesRecord>();
        foreach (var call in invoked)
        {
            if (await server.Client.GetRecordAsync(call.RequestId) is { } record)
            {
                records.Add(record);
            }
        }

        await server.Client.DeleteFunctionAsync(name);

        var bareT0 = Clock.NowMs();
        var bare = await Task.WhenAll(Enumerable.Range(0, settings.ScaleOut).Select(_ => BareProcess.StartedAsync(node.BareHandler, """{"sleepMs":1000}""")));
        var bareEntered = bare.Select(b => b.Entered - bareT0).ToList();
        foreach (var harness in bare)
        {
            await harness.DisposeAsync();
        }

        var result = new ScaleOutResult(server.Label, kumo, bareEntered, PhaseBreakdown.StartKinds(records));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  figure 4, {server.Label}: all {settings.ScaleOut} entered after {kumo.Max():0} ms (bare {bareEntered.Max():0} ms); {result.StartKinds}"));
        return result;
    }
}

/// <summary>Figure 4 for one configuration: each invocation's start (entered − t0, ms) on Kumo and bare.</summary>
internal sealed record ScaleOutResult(string Configuration, IReadOnlyList<double> Kumo, IReadOnlyList<double> Bare, string StartKinds);
