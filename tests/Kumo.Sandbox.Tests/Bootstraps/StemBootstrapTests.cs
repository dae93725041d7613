using System.Diagnostics;
using System.Text.Json;
using Kumo.Testing;
using Xunit.Abstractions;

namespace Kumo.Sandbox.Tests.Bootstraps;

/// <summary>
/// The bootstraps' stem-cell mode (docs/design/cold-starts.md §2.4), each run as a plain host process against a
/// fake Runtime API. A stem starts without <c>_HANDLER</c> in an empty task root; the test stands in for the host's
/// mount by moving the empty directory aside and putting a new one with the code at the same path just before it
/// answers the hand-over, so a bootstrap that looked at the task root early, or did not enter it again, shows.
/// </summary>
public sealed class StemBootstrapTests(ITestOutputHelper output)
{
    private const string PlacedAfter = "placed after the hand-over";

    [Theory]
    [MemberData(nameof(BootstrapRuntime.Names), MemberType = typeof(BootstrapRuntime))]
    public async Task Stem_HandOverAnswered_RunsTheCodePlacedAfterWithTheFunctionsEnvironment(string name)
    {
        var runtime = BootstrapRuntime.Named(name);
        using var scratch = new TempDirectory();
        var taskRoot = scratch.Combine("task");
        Directory.CreateDirectory(taskRoot);
        using var watch = new DirectoryOpenWatch(taskRoot);
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot, BootstrapRuntime.StemEnvironment(api, taskRoot));

        await bootstrap.UntilAsync(api.HandOverRequested, "the hand-over request");
        var seen = watch.Seen();
        Assert.True(seen.Count == 0, $"the stem looked in its task root before the hand-over: {string.Join(", ", seen)}");
        Assert.False(api.FirstNext.IsCompleted, "the stem asked for an invocation before its hand-over");

        var stemStartedIn = MountCode(scratch, taskRoot, runtime);
        File.WriteAllText(Path.Combine(stemStartedIn, "marker.txt"), "the empty directory the stem started in");
        var marker = Guid.NewGuid().ToString("N");
        api.AnswerHandOver(runtime.ProbeHandler, BootstrapRuntime.FunctionEnvironment(api, taskRoot, runtime.ProbeHandler, marker));
        var answer = await bootstrap.UntilAsync(api.InvokeAsync(new { variable = "STEM_MARKER" }, BootstrapProcess.Deadline), "the probe's answer");

        Assert.True(answer.Succeeded, $"{answer.Body}\n{bootstrap.Output}");
        AssertProbe(answer.Json, taskRoot, marker);
    }

    [Fact]
    public async Task DotnetStem_WarmUp_LeavesNothingInTheFunctionsLoadContext()
    {
        var runtime = BootstrapRuntime.Named(BootstrapRuntime.Dotnet);
        using var scratch = new TempDirectory();
        var taskRoot = scratch.Combine("task");
        Directory.CreateDirectory(taskRoot);
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot, BootstrapRuntime.StemEnvironment(api, taskRoot));
        await bootstrap.UntilAsync(api.HandOverRequested, "the hand-over request");

        MountCode(scratch, taskRoot, runtime);
        api.AnswerHandOver(runtime.ProbeHandler, BootstrapRuntime.FunctionEnvironment(api, taskRoot, runtime.ProbeHandler, "m"));
        var answer = await bootstrap.UntilAsync(api.InvokeAsync(new { variable = "STEM_MARKER" }, BootstrapProcess.Deadline), "the probe's answer");

        Assert.True(answer.Succeeded, $"{answer.Body}\n{bootstrap.Output}");
        var json = answer.Json;
        Assert.Single(json.GetProperty("loadContexts").EnumerateArray(), c => c.GetString() == "function");
        Assert.Equal(["Amazon.Lambda.Core", "StemProbeFunction"], json.GetProperty("ownAssemblies").EnumerateArray().Select(a => a.GetString()!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("warm", bootstrap.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DotnetStem_ExecutableAssembly_RunsItsOwnLoopAfterTheHandOver()
    {
        var runtime = BootstrapRuntime.Named(BootstrapRuntime.Dotnet);
        using var scratch = new TempDirectory();
        var taskRoot = scratch.Combine("task");
        Directory.CreateDirectory(taskRoot);
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot, BootstrapRuntime.StemEnvironment(api, taskRoot));
        await bootstrap.UntilAsync(api.HandOverRequested, "the hand-over request");

        MountCode(scratch, taskRoot, runtime);
        api.AnswerHandOver("ExecutableFunction", BootstrapRuntime.FunctionEnvironment(api, taskRoot, "ExecutableFunction", "m"));
        var answer = await bootstrap.UntilAsync(api.InvokeAsync(new { x = 1 }, BootstrapProcess.Deadline), "the executable's answer");

        Assert.True(answer.Succeeded, $"{answer.Body}\n{bootstrap.Output}");
        Assert.Equal("main", answer.Json.GetProperty("from").GetString());
        Assert.Equal(1, answer.Json.GetProperty("input").GetProperty("x").GetInt32());
    }

    [Theory]
    [MemberData(nameof(BootstrapRuntime.Names), MemberType = typeof(BootstrapRuntime))]
    public async Task Stem_HandlerMissingAfterHandOver_ReportsAnInitError(string name)
    {
        var runtime = BootstrapRuntime.Named(name);
        using var scratch = new TempDirectory();
        var taskRoot = scratch.Combine("task");
        Directory.CreateDirectory(taskRoot);
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot, BootstrapRuntime.StemEnvironment(api, taskRoot));
        await bootstrap.UntilAsync(api.HandOverRequested, "the hand-over request");

        MountCode(scratch, taskRoot, runtime);
        api.AnswerHandOver(runtime.MissingHandler, BootstrapRuntime.FunctionEnvironment(api, taskRoot, runtime.MissingHandler, "m"));
        var error = await bootstrap.UntilAsync(api.InitError, "the init error");

        Assert.Equal("Runtime.ImportModuleError", error.ErrorType);
        Assert.Equal("Runtime.ImportModuleError", error.Json.GetProperty("errorType").GetString());
        Assert.Contains("issing", error.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await bootstrap.WaitForExitAsync());
        Assert.False(api.FirstNext.IsCompleted, "the runtime asked for an invocation after its init failed");
    }

    [Theory]
    [MemberData(nameof(BootstrapRuntime.Names), MemberType = typeof(BootstrapRuntime))]
    public async Task Stem_HandOverRefused_ExitsSayingWhy(string name)
    {
        var runtime = BootstrapRuntime.Named(name);
        using var taskRoot = new TempDirectory();
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot.Path, BootstrapRuntime.StemEnvironment(api, taskRoot.Path));
        await bootstrap.UntilAsync(api.HandOverRequested, "the hand-over request");

        api.RefuseHandOver();

        Assert.NotEqual(0, await bootstrap.WaitForExitAsync());
        Assert.Contains("kumo/specialization answered 409", bootstrap.Output, StringComparison.Ordinal);
        Assert.False(api.FirstNext.IsCompleted, "a stem whose hand-over was refused asked for an invocation");
    }

    [Theory]
    [MemberData(nameof(BootstrapRuntime.Names), MemberType = typeof(BootstrapRuntime))]
    public async Task NormalStart_WithHandler_RunsWithoutAHandOver(string name)
    {
        var runtime = BootstrapRuntime.Named(name);
        using var taskRoot = new TempDirectory();
        runtime.PlaceCode(taskRoot.Path);
        File.WriteAllText(taskRoot.Combine("marker.txt"), PlacedAfter);
        await using var api = await FakeRuntimeApi.StartAsync();
        var marker = Guid.NewGuid().ToString("N");
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot.Path, BootstrapRuntime.FunctionEnvironment(api, taskRoot.Path, runtime.ProbeHandler, marker));

        var answer = await bootstrap.UntilAsync(api.InvokeAsync(new { variable = "STEM_MARKER" }, BootstrapProcess.Deadline), "the probe's answer");

        Assert.True(answer.Succeeded, $"{answer.Body}\n{bootstrap.Output}");
        AssertProbe(answer.Json, taskRoot.Path, marker);
        Assert.False(api.HandOverRequested.IsCompleted, "a runtime started with _HANDLER asked for a hand-over");
    }

    /// <summary>
    /// Hello world started both ways, for the record (not asserted: speed lives in bench/): hand-over answered →
    /// first <c>/next</c> for a stem, process start → first <c>/next</c> for a normal start.
    /// </summary>
    [Theory]
    [MemberData(nameof(BootstrapRuntime.Names), MemberType = typeof(BootstrapRuntime))]
    public async Task HelloWorld_StemAndNormalStart_BothAnswer(string name)
    {
        var runtime = BootstrapRuntime.Named(name);
        using var scratch = new TempDirectory();
        var taskRoot = scratch.Combine("task");
        Directory.CreateDirectory(taskRoot);
        await using var stemApi = await FakeRuntimeApi.StartAsync();
        await using var stem = new BootstrapProcess(runtime.Command, taskRoot, BootstrapRuntime.StemEnvironment(stemApi, taskRoot));
        await stem.UntilAsync(stemApi.HandOverRequested, "the hand-over request");
        MountCode(scratch, taskRoot, runtime);
        stemApi.AnswerHandOver(runtime.HelloHandler, BootstrapRuntime.FunctionEnvironment(stemApi, taskRoot, runtime.HelloHandler, "m"));
        var stemNext = await stem.UntilAsync(stemApi.FirstNext, "the stem's first /next");
        var stemAnswer = await stem.UntilAsync(stemApi.InvokeAsync(new { name = "Kumo" }, BootstrapProcess.Deadline), "the stem's answer");

        await using var normalApi = await FakeRuntimeApi.StartAsync();
        await using var normal = new BootstrapProcess(runtime.Command, taskRoot, BootstrapRuntime.FunctionEnvironment(normalApi, taskRoot, runtime.HelloHandler, "m"));
        var normalNext = await normal.UntilAsync(normalApi.FirstNext, "the normal start's first /next");
        var normalAnswer = await normal.UntilAsync(normalApi.InvokeAsync(new { name = "Kumo" }, BootstrapProcess.Deadline), "the normal start's answer");

        Assert.True(stemAnswer.Succeeded, $"{stemAnswer.Body}\n{stem.Output}");
        Assert.Equal(normalAnswer, stemAnswer);
        output.WriteLine($"{name}: stem hand-over → first /next {Stopwatch.GetElapsedTime(stemApi.AnsweredAt, stemNext).TotalMilliseconds:0.0} ms; " +
            $"normal start → first /next {Stopwatch.GetElapsedTime(normal.StartedAt, normalNext).TotalMilliseconds:0.0} ms");
    }

    /// <summary>
    /// Stands in for the host's mount over /var/task: the empty directory the stem started in moves aside (the stem's
    /// cwd stays on it, as a process's cwd stays on the directory under a new mount) and a new directory with the code
    /// and a marker file takes its path. Returns where the old directory went.
    /// </summary>
    private static string MountCode(TempDirectory scratch, string taskRoot, BootstrapRuntime runtime)
    {
        var stemStartedIn = scratch.Combine("under-the-mount");
        Directory.Move(taskRoot, stemStartedIn);
        Directory.CreateDirectory(taskRoot);
        runtime.PlaceCode(taskRoot);
        File.WriteAllText(Path.Combine(taskRoot, "marker.txt"), PlacedAfter);
        return stemStartedIn;
    }

    private static void AssertProbe(JsonElement json, string taskRoot, string marker)
    {
        Assert.Equal(taskRoot, json.GetProperty("cwd").GetString());
        Assert.Equal(PlacedAfter, json.GetProperty("marker").GetString());
        Assert.Equal(marker, json.GetProperty("managed").GetString());
        Assert.Contains($"STEM_MARKER={marker}", json.GetProperty("child").GetString()!.Split('\n'));
        Assert.Equal("stem-probe", json.GetProperty("functionName").GetString());
        if (json.TryGetProperty("native", out var native))
        {
            Assert.Equal(marker, native.GetString());
        }
    }
}
