using System.Text.Json;
using Kumo.Sandbox.Invocations;
using Kumo.Sandbox.Mounts;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Stems;

namespace Kumo.Sandbox.Tests.Stems;

/// <summary>Starting stem cells, specialising them and checking that nothing of them remains.</summary>
internal static class StemRun
{
    /// <summary>A ready stem cell of <paramref name="kind"/>.</summary>
    public static async Task<IStemCell> ReadyStemAsync(DriverFixture fixture, StemCellKind kind)
    {
        var stem = await fixture.Driver.CreateStemCellAsync(kind, CancellationToken.None);
        try
        {
            await stem.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await stem.DisposeAsync();
            throw;
        }

        Assert.True(stem.IsAvailable);
        return stem;
    }

    /// <summary>The kind the driver names for <paramref name="spec"/>; fails the test when there is none.</summary>
    public static StemCellKind KindFor(DriverFixture fixture, SandboxSpec spec)
    {
        var kind = fixture.Driver.StemCellFor(spec, out var reason);
        Assert.True(kind is not null, reason);
        return kind;
    }

    /// <summary>
    /// Specialises a ready stem of the kind the driver names for <paramref name="spec"/> (or of <paramref name="kind"/>),
    /// runs <paramref name="events"/>, disposes it and checks that nothing of it remains.
    /// </summary>
    public static async Task<IReadOnlyList<InvocationResult>> InvokeAsync(DriverFixture fixture, SandboxSpec spec, StemCellKind? kind, params object[] events)
    {
        var stem = await ReadyStemAsync(fixture, kind ?? KindFor(fixture, spec));
        var results = new List<InvocationResult>();
        try
        {
            var sandbox = await stem.SpecializeAsync(spec, CancellationToken.None);
            Assert.Equal(stem.Id, sandbox.Id);
            foreach (var e in events)
            {
                results.Add(await sandbox.InvokeAsync(SandboxRun.Event(e), CancellationToken.None));
            }
        }
        finally
        {
            await stem.DisposeAsync();
        }

        await AssertGoneAsync(fixture, stem.Id);
        return results;
    }

    /// <summary>As <see cref="DriverFixture.AssertGoneAsync"/>, and nothing is mounted in its bundle any more.</summary>
    public static async Task AssertGoneAsync(DriverFixture fixture, string id)
    {
        Assert.Empty(MountTable.Under(MountTable.Read(), fixture.Layout.BundleOf(id)));
        await fixture.AssertGoneAsync(id);
    }

    public static RuncSandbox SandboxOf(DriverFixture fixture, string id) =>
        fixture.Driver.LiveSandbox(id) ?? throw new InvalidOperationException($"sandbox {id} is not alive");

    /// <summary>The names in the sandbox's <c>/var/task</c>, as its own processes see it.</summary>
    public static List<string> VarTaskOf(RuncSandbox sandbox) =>
        [.. Directory.EnumerateFileSystemEntries($"/proc/{sandbox.Session.InitPid}/root/var/task").Select(entry => Path.GetFileName(entry)).Order(StringComparer.Ordinal)];

    /// <summary>The lines of the sandbox's own mount table whose mount point is <c>/var/task</c>.</summary>
    public static List<MountEntry> VarTaskMountsOf(RuncSandbox sandbox) =>
        [.. MountTable.At(MountTable.Parse(File.ReadAllText($"/proc/{sandbox.Session.InitPid}/mountinfo")), "/var/task")];

    /// <summary>Runs <paramref name="script"/> with Python inside the sandbox (runc exec: its user, limits and filter).</summary>
    public static async Task<string> ExecPythonAsync(DriverFixture fixture, string id, string script)
    {
        var (exitCode, output, error) = await fixture.Driver.Runc.RunAsync(["exec", id, "/usr/bin/python3.11", "-c", script], CancellationToken.None);
        Assert.True(exitCode == 0, $"runc exec failed ({exitCode}): {error}");
        return output.Trim();
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
