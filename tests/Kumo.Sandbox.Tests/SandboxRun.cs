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
    public static Task<IReadOnlyList<InvocationResult>> InvokeAsync(DriverFixture fixture, SandboxSpec spec, params object[] events) =>
        InvokeRequestsAsync(fixture, spec, [.. events.Select(Event)]);

    /// <summary>As <see cref="InvokeAsync"/>, with whole requests (a trace id, a client context).</summary>
    public static async Task<IReadOnlyList<InvocationResult>> InvokeRequestsAsync(DriverFixture fixture, SandboxSpec spec, params InvocationRequest[] requests)
    {
        var sandbox = await fixture.Driver.CreateAsync(spec, CancellationToken.None);
        var results = new List<InvocationResult>();
        try
        {
            foreach (var request in requests)
            {
                var result = await sandbox.InvokeAsync(request, CancellationToken.None);
                results.Add(result);
                if (result.Status is InvocationStatus.TimedOut or InvocationStatus.OutOfMemory or InvocationStatus.RuntimeExited or InvocationStatus.InitError)
                {
                    // Discarded, and — before anyone disposes it — already empty of processes.
                    Assert.False(sandbox.IsReusable, $"a sandbox that ended {result.Status} is still reusable");
                    if (result.Status is not InvocationStatus.InitError)
                    {
                        Assert.Equal("", ProcessesOf(fixture, sandbox.Id));
                    }
                }
            }
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        await fixture.AssertGoneAsync(sandbox.Id);
        return results;
    }

    /// <summary>The pids in a sandbox's cgroup, as the memory controller lists them; empty once every process is gone.</summary>
    public static string ProcessesOf(DriverFixture fixture, string sandboxId)
    {
        var procs = Path.Combine(fixture.Driver.Cgroups.MemoryDirectory(fixture.Layout.CgroupOf(sandboxId)), "cgroup.procs");
        return File.Exists(procs) ? File.ReadAllText(procs).Trim() : "";
    }

    public static async Task<InvocationResult> InvokeOnceAsync(DriverFixture fixture, TempDirectory code, string runtime, string handler, object e, int memoryMb = 128, double timeoutSeconds = 10) =>
        (await InvokeAsync(fixture, DriverFixture.Spec(code, runtime, handler, memoryMb, timeoutSeconds), e))[0];
}
