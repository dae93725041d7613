using System.Text;
using System.Text.Json;
using Kumo.Sandbox.Invocations;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>Runs invocations in a fresh sandbox and checks afterwards that nothing of it remains.</summary>
internal static class SandboxRun
{
    public static InvocationRequest Event(object value) =>
        new(Guid.NewGuid().ToString(), JsonSerializer.SerializeToUtf8Bytes(value));

    public static string Describe(InvocationResult result) =>
        $"{result.Status}: {Encoding.UTF8.GetString(result.Payload.Span)}\n{result.Log}";

    public static JsonElement Json(InvocationResult result) => JsonDocument.Parse(result.Payload).RootElement.Clone();

    /// <summary>Creates a sandbox, runs <paramref name="events"/> in it one after another, disposes it and checks for leaks.</summary>
    public static async Task<IReadOnlyList<InvocationResult>> InvokeAsync(DriverFixture fixture, SandboxSpec spec, params object[] events)
    {
        var sandbox = await fixture.Driver.CreateAsync(spec, CancellationToken.None);
        var results = new List<InvocationResult>();
        try
        {
            foreach (var e in events)
            {
                results.Add(await sandbox.InvokeAsync(Event(e), CancellationToken.None));
            }
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        await fixture.AssertGoneAsync(sandbox.Id);
        return results;
    }

    public static async Task<InvocationResult> InvokeOnceAsync(DriverFixture fixture, TempDirectory code, string runtime, string handler, object e, int memoryMb = 128, double timeoutSeconds = 10) =>
        (await InvokeAsync(fixture, DriverFixture.Spec(code, runtime, handler, memoryMb, timeoutSeconds), e))[0];
}
