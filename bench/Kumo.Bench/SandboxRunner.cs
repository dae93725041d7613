using System.Diagnostics;
using System.Text.Json;
using Kumo.Sandbox;
using Kumo.Sandbox.Invocations;

namespace Kumo.Bench;

/// <summary>Starts the runtime in a real sandbox and invokes it through the Runtime API, as Kumo does.</summary>
internal static class SandboxRunner
{
    public static async Task<Sample> RunAsync(ISandboxDriver driver, RuntimeCase runtime, int warm)
    {
        var spec = new SandboxSpec
        {
            FunctionName = "bench",
            FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:bench",
            Runtime = runtime.Runtime,
            Handler = runtime.Handler,
            CodeDirectory = runtime.CodeDirectory,
            MemoryMb = 1769,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var payload = """{"bench":true}"""u8.ToArray();
        var startedAt = Clock.NowMs();
        var sandbox = await driver.CreateAsync(spec, CancellationToken.None);
        try
        {
            var first = await sandbox.InvokeAsync(new InvocationRequest(Guid.NewGuid().ToString(), payload), CancellationToken.None);
            var cold = Entered(first) - startedAt;
            var warmTimes = new List<double>();
            for (var i = 0; i < warm; i++)
            {
                var clock = Stopwatch.StartNew();
                var result = await sandbox.InvokeAsync(new InvocationRequest(Guid.NewGuid().ToString(), payload), CancellationToken.None);
                warmTimes.Add(clock.Elapsed.TotalMilliseconds);
                _ = Entered(result);
            }

            return new Sample(cold, warmTimes);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }
    }

    private static double Entered(InvocationResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"the benchmark function failed: {result.ErrorType}: {System.Text.Encoding.UTF8.GetString(result.Payload.Span)}\n{result.Log}");
        }

        using var document = JsonDocument.Parse(result.Payload);
        return document.RootElement.GetProperty("entered").GetDouble();
    }
}
