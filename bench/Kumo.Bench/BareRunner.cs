using System.Diagnostics;
using System.Text.Json;

namespace Kumo.Bench;

/// <summary>The baseline: starts the runtime as a plain process (no sandbox, no Runtime API) and feeds it events over stdin.</summary>
internal static class BareRunner
{
    public static async Task<Sample> RunAsync(RuntimeCase runtime, int warm)
    {
        var start = new ProcessStartInfo(runtime.BareCommand[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in runtime.BareCommand.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var startedAt = Clock.NowMs();
        using var process = Process.Start(start)!;
        var cold = await RoundTripAsync(process) - startedAt;
        var warmTimes = new List<double>();
        for (var i = 0; i < warm; i++)
        {
            var clock = Stopwatch.StartNew();
            await RoundTripAsync(process);
            warmTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return new Sample(cold, warmTimes);
    }

    private static async Task<double> RoundTripAsync(Process process)
    {
        await process.StandardInput.WriteLineAsync("""{"bench":true}""");
        await process.StandardInput.FlushAsync();
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the bare runtime exited");
        using var result = JsonDocument.Parse(line);
        return result.RootElement.GetProperty("entered").GetDouble();
    }
}
