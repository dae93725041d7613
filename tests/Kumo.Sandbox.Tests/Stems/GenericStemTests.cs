using Kumo.Runtimes;
using Kumo.Sandbox.Mounts;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Runtimes;
using Kumo.Sandbox.Stems;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Sandbox.Tests.Stems;

/// <summary>
/// Stem cells in real runc sandboxes, with generic stems (kumo-init only until the hand-over): the code slot, the
/// hand-over, one function once, cleanup. Runtime stems are in <see cref="RuntimeStemTests"/>.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class GenericStemTests(DriverFixture fixture)
{
    /// <summary>A custom runtime that reports what it sees: its code, its environment, its mounts, and what it may do.</summary>
    private const string Bootstrap = """
        #!/usr/bin/python3.11
        import http.client, json, os
        host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
        conn = http.client.HTTPConnection(host, int(port))
        while True:
            conn.request("GET", "/2018-06-01/runtime/invocation/next")
            r = conn.getresponse()
            rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
            event = json.loads(r.read())
            out = {"marker": open("marker").read().strip(), "cwd": os.getcwd(), "files": sorted(os.listdir("/var/task")),
                   "env": dict(os.environ), "exists": {p: os.path.exists(p) for p in event.get("paths", [])}}
            try:
                open("/var/task/written", "w").close()
                out["write"] = 0
            except OSError as e:
                out["write"] = e.errno
            again = http.client.HTTPConnection(host, int(port))
            again.request("GET", "/2018-06-01/runtime/kumo/specialization")
            answer = again.getresponse()
            out["again"] = {"status": answer.status, "body": json.loads(answer.read())}
            again.close()
            conn.request("POST", f"/2018-06-01/runtime/invocation/{rid}/response", json.dumps(out))
            conn.getresponse().read()
        """;

    private static readonly StemCellKind Generic = new(StemCellFit.Generic, 512);

    private CachedCode Code(string marker) => CachedCode.Write(fixture.Layout, ("bootstrap", Bootstrap, true), ("marker", marker, false));

    [Fact]
    public async Task TwoStems_TwoFunctions_EachRunsItsOwnCodeAndEnvironment_NeverTheOthers()
    {
        using var alpha = Code("alpha");
        using var beta = Code("beta");
        var alphaSpec = alpha.Spec("provided.al2023", "alpha.handler", "alpha", environment: new Dictionary<string, string> { ["WHO"] = "alpha" });
        var betaSpec = beta.Spec("provided", "beta.handler", "beta", environment: new Dictionary<string, string> { ["WHO"] = "beta" });
        string[] paths = [alpha.Path, beta.Path, fixture.Layout.CodeCache, fixture.Layout.Bundles];

        var alphaTask = StemRun.InvokeAsync(fixture, alphaSpec, Generic, new { paths });
        var betaTask = StemRun.InvokeAsync(fixture, betaSpec, Generic, new { paths });
        var results = await Task.WhenAll(alphaTask, betaTask);

        foreach (var (result, name) in new[] { (results[0][0], "alpha"), (results[1][0], "beta") })
        {
            Assert.True(result.Succeeded, SandboxRun.Describe(result));
            var body = SandboxRun.Json(result);
            Assert.Equal(name, body.GetProperty("marker").GetString());
            Assert.Equal("/var/task", body.GetProperty("cwd").GetString());
            Assert.Equal(["bootstrap", "marker"], body.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
            var environment = body.GetProperty("env");
            Assert.Equal(name, environment.GetProperty("WHO").GetString());
            Assert.Equal(name, environment.GetProperty("AWS_LAMBDA_FUNCTION_NAME").GetString());
            Assert.Equal($"{name}.handler", environment.GetProperty("_HANDLER").GetString());
            Assert.Equal("512", environment.GetProperty("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").GetString());
            Assert.Equal("on-demand", environment.GetProperty("AWS_LAMBDA_INITIALIZATION_TYPE").GetString());
            Assert.StartsWith("ASIAKUMO", environment.GetProperty("AWS_ACCESS_KEY_ID").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(environment.EnumerateObject(), v => v.Name.StartsWith("KUMO_", StringComparison.Ordinal));
            // Neither the other function's code nor the code cache nor the bundles exist in a sandbox, by any path.
            Assert.All(body.GetProperty("exists").EnumerateObject(), p => Assert.False(p.Value.GetBoolean(), $"{p.Name} exists in {name}'s sandbox"));
        }

        Assert.NotEqual(
            SandboxRun.Json(results[0][0]).GetProperty("env").GetProperty("AWS_SECRET_ACCESS_KEY").GetString(),
            SandboxRun.Json(results[1][0]).GetProperty("env").GetProperty("AWS_SECRET_ACCESS_KEY").GetString());
    }

    [Fact]
    public async Task Specialize_Once_ASecondCallThrows_ASecondHandOverGets409_TheSlotHoldsOneMount()
    {
        using var code = Code("once");
        using var other = Code("other");
        var stem = await StemRun.ReadyStemAsync(fixture, Generic);
        try
        {
            var sandbox = await stem.SpecializeAsync(code.Spec("provided", "h"), CancellationToken.None);
            var runc = StemRun.SandboxOf(fixture, stem.Id);

            await Assert.ThrowsAsync<InvalidOperationException>(() => stem.SpecializeAsync(other.Spec("provided", "h"), CancellationToken.None));
            Assert.False(stem.IsAvailable);
            var result = await sandbox.InvokeAsync(SandboxRun.Event(new { }), CancellationToken.None);

            Assert.True(result.Succeeded, SandboxRun.Describe(result));
            var body = SandboxRun.Json(result);
            Assert.Equal("once", body.GetProperty("marker").GetString());
            Assert.Equal(409, body.GetProperty("again").GetProperty("status").GetInt32());
            Assert.Equal("Kumo.AlreadySpecialized", body.GetProperty("again").GetProperty("body").GetProperty("errorType").GetString());
            // On the host: the slot and the code on it. In the sandbox: /var/task and the code over it. Never a second.
            var slot = runc.Slot!.Mounts();
            Assert.Equal(2, slot.Count);
            Assert.Equal(code.Path, slot[1].Root);
            Assert.Equal(slot[0].Id, slot[1].ParentId);
            Assert.True(slot[1].IsReadOnly);
            var inside = StemRun.VarTaskMountsOf(runc);
            Assert.Equal(2, inside.Count);
            Assert.Equal(code.Path, inside[1].Root);
            Assert.True(inside[1].IsReadOnly);
            Assert.Contains(inside[1].Propagation, p => p.StartsWith("master:", StringComparison.Ordinal));
            Assert.Throws<InvalidOperationException>(() => runc.Slot.Attach(other.Path));
            Assert.Equal(2, runc.Slot.Mounts().Count);
        }
        finally
        {
            await stem.DisposeAsync();
        }

        await StemRun.AssertGoneAsync(fixture, stem.Id);
    }

    [Fact]
    public async Task VarTask_IsReadOnlyForTheFunction()
    {
        using var code = Code("ro");

        var result = (await StemRun.InvokeAsync(fixture, code.Spec("provided", "h"), Generic, new { }))[0];

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal(30, SandboxRun.Json(result).GetProperty("write").GetInt32()); // EROFS
        Assert.False(File.Exists(Path.Combine(code.Path, "written")));
    }

    [Fact]
    public async Task BeforeSpecialisation_VarTaskIsEmpty_AndTheStemMayOnlyWaitForItsHandOver()
    {
        using var code = Code("late");
        var stem = await StemRun.ReadyStemAsync(fixture, Generic);
        try
        {
            var runc = StemRun.SandboxOf(fixture, stem.Id);
            // Only the empty lib the dynamic loader must find at start (TaskSlot.Prepare says why).
            Assert.Equal(["lib"], StemRun.VarTaskOf(runc));
            Assert.Empty(Directory.EnumerateFileSystemEntries($"/proc/{runc.Session.InitPid}/root/var/task/lib"));
            Assert.Single(StemRun.VarTaskMountsOf(runc));
            Assert.Single(runc.Slot!.Mounts());
            // What runs in the stem (here a process started with runc exec) gets nothing but the wait.
            var refused = StemRun.Json(await StemRun.ExecPythonAsync(fixture, stem.Id, """
                import http.client, json
                out = {}
                for name, path in [("next", "/invocation/next"), ("handOver", "/kumo/specialization")]:
                    c = http.client.HTTPConnection("127.0.0.1", 9001, timeout=10)
                    c.request("GET", "/2018-06-01/runtime" + path)
                    r = c.getresponse()
                    out[name] = {"status": r.status, "type": json.loads(r.read())["errorType"]}
                print(json.dumps(out))
                """));
            Assert.Equal(403, refused.GetProperty("next").GetProperty("status").GetInt32());
            Assert.Equal("Kumo.NotSpecialized", refused.GetProperty("next").GetProperty("type").GetString());
            Assert.Equal(409, refused.GetProperty("handOver").GetProperty("status").GetInt32());
            Assert.True(stem.IsAvailable);

            var sandbox = await stem.SpecializeAsync(code.Spec("provided", "h"), CancellationToken.None);

            Assert.Equal(["bootstrap", "marker"], StemRun.VarTaskOf(runc));
            var result = await sandbox.InvokeAsync(SandboxRun.Event(new { }), CancellationToken.None);
            Assert.True(result.Succeeded, SandboxRun.Describe(result));
            Assert.NotNull(result.InitDuration);
            var warm = await sandbox.InvokeAsync(SandboxRun.Event(new { }), CancellationToken.None);
            Assert.True(warm.Succeeded, SandboxRun.Describe(warm));
            Assert.Null(warm.InitDuration);
        }
        finally
        {
            await stem.DisposeAsync();
        }

        await StemRun.AssertGoneAsync(fixture, stem.Id);
    }

    [Fact]
    public async Task Dispose_UnmountsTheCodeAndTheSlot_ThenDeletesTheBundle_NotTheCode()
    {
        using var code = Code("kept");
        var stem = await StemRun.ReadyStemAsync(fixture, Generic);
        await stem.SpecializeAsync(code.Spec("provided", "h"), CancellationToken.None);
        Assert.Equal(2, MountTable.Under(MountTable.Read(), fixture.Layout.BundleOf(stem.Id)).Count);

        await stem.DisposeAsync();

        await StemRun.AssertGoneAsync(fixture, stem.Id);
        Assert.Equal("kept", File.ReadAllText(Path.Combine(code.Path, "marker")));
        Assert.True(File.Exists(Path.Combine(code.Path, "bootstrap")));
    }

    [Fact]
    public async Task Dispose_AStemNeverSpecialised_LeavesNothing()
    {
        using var code = Code("never");
        var stem = await StemRun.ReadyStemAsync(fixture, new StemCellKind(StemCellFit.Generic, 128));

        await stem.DisposeAsync();

        Assert.False(stem.IsAvailable);
        await StemRun.AssertGoneAsync(fixture, stem.Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stem.SpecializeAsync(code.Spec("provided", "h", memoryMb: 128), CancellationToken.None));
    }

    [Theory]
    [InlineData("nodejs20.x", "index.handler", "index.js", "exports.handler = async (event) => ({ runtime: 'node', who: process.env.WHO, cwd: process.cwd(), heap: process.env.NODE_OPTIONS });")]
    [InlineData("python3.11", "app.handler", "app.py", "import os\ndef handler(event, context):\n    return {'runtime': 'python', 'who': os.environ['WHO'], 'cwd': os.getcwd(), 'heap': None}\n")]
    public async Task GenericStem_RunsANodeOrPythonFunction_WithItsWholeEnvironment(string runtime, string handler, string file, string source)
    {
        using var code = CachedCode.Write(fixture.Layout, (file, source, false));
        var spec = code.Spec(runtime, handler, environment: new Dictionary<string, string> { ["WHO"] = runtime, ["NODE_OPTIONS"] = "--max-old-space-size=100", ["PYTHONDONTWRITEBYTECODE"] = "1" });
        Assert.Equal(Generic, StemRun.KindFor(fixture, spec));

        var result = (await StemRun.InvokeAsync(fixture, spec, kind: null, new { }))[0];

        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var body = SandboxRun.Json(result);
        Assert.Equal(runtime, body.GetProperty("who").GetString());
        Assert.Equal("/var/task", body.GetProperty("cwd").GetString());
        if (runtime.StartsWith("nodejs", StringComparison.Ordinal))
        {
            Assert.Equal("--max-old-space-size=100", body.GetProperty("heap").GetString());
        }
    }

    public static TheoryData<string, string, (string, string, bool)[]> BrokenFunctions => new()
    {
        { "python3.11", "broken.handler", [("broken.py", "def handler(event, context)\n    return 1\n", false)] },
        { "nodejs20.x", "index.missing", [("index.js", "exports.handler = async () => 1;\n", false)] },
        { "provided", "h", [("bootstrap", "#!/bin/sh\necho starting; exit 3\n", true)] },
        { "provided", "h", [("not-a-bootstrap", "", false)] },
    };

    [Theory]
    [MemberData(nameof(BrokenFunctions))]
    public async Task GenericStem_InitFailures_AreReportedAsForANewSandbox(string runtime, string handler, (string, string, bool)[] files)
    {
        using var cached = CachedCode.Write(fixture.Layout, files);
        var spec = cached.Spec(runtime, handler);

        var fresh = (await SandboxRun.InvokeAsync(fixture, spec, new { }))[0];
        var stem = (await StemRun.InvokeAsync(fixture, spec, Generic, new { }))[0];

        Assert.False(fresh.Succeeded);
        Assert.Equal(fresh.Status, stem.Status);
        Assert.Equal(fresh.ErrorType, stem.ErrorType);
        Assert.Equal(SandboxRun.Json(fresh).GetProperty("errorType").GetString(), SandboxRun.Json(stem).GetProperty("errorType").GetString());
        Assert.NotNull(stem.InitDuration);
    }

    [Fact]
    public async Task Specialize_ASpecThatDoesNotFit_OrCodeOutsideTheCodeCache_IsRefused_AndTheStemStaysAvailable()
    {
        using var cached = Code("fits");
        using var elsewhere = DriverFixture.Code(("bootstrap", Bootstrap, true), ("marker", "elsewhere", false));
        var linked = Path.Combine(fixture.Layout.CodeCache, new string('a', 64));
        Directory.CreateSymbolicLink(linked, cached.Path);
        var stem = await StemRun.ReadyStemAsync(fixture, Generic);
        try
        {
            var good = cached.Spec("provided", "h");
            var refusals = new[]
            {
                good with { CodeDirectory = elsewhere.Path },
                good with { CodeDirectory = linked },
                good with { CodeDirectory = fixture.Layout.CodeCache + "/../code/" + Path.GetFileName(cached.Path) + "/.." },
                good with { EphemeralStorageMb = 1024 },
                good with { OutboundNetwork = true },
                good with { MemoryMb = 1024 },
                good with { Runtime = "cobol" },
            };
            foreach (var spec in refusals)
            {
                await Assert.ThrowsAsync<ArgumentException>(() => stem.SpecializeAsync(spec, CancellationToken.None));
            }

            Assert.True(stem.IsAvailable);
            Assert.Equal(["lib"], StemRun.VarTaskOf(StemRun.SandboxOf(fixture, stem.Id)));
            var sandbox = await stem.SpecializeAsync(good, CancellationToken.None);
            var result = await sandbox.InvokeAsync(SandboxRun.Event(new { }), CancellationToken.None);
            Assert.Equal("fits", SandboxRun.Json(result).GetProperty("marker").GetString());
        }
        finally
        {
            await stem.DisposeAsync();
            File.Delete(linked);
        }

        await StemRun.AssertGoneAsync(fixture, stem.Id);
    }

    [Fact]
    public async Task CreateStemCell_AKindTheDriverDoesNotMake_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Driver.CreateStemCellAsync(new StemCellKind("cobol", 512), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Driver.CreateStemCellAsync(new StemCellKind(StemCellFit.Generic, 64), CancellationToken.None));
    }

    [Fact]
    public void StemCellFor_NamesKindsByRuntimeProgram_NoneForOutboundNetwork()
    {
        using var code = Code("x");

        Assert.Equal(new StemCellKind("node", 512), fixture.Driver.StemCellFor(code.Spec("nodejs22.x", "index.handler"), out _));
        Assert.Equal(new StemCellKind(StemCellFit.Generic, 256), fixture.Driver.StemCellFor(code.Spec("provided", "h", memoryMb: 256), out _));
        Assert.Null(fixture.Driver.StemCellFor(code.Spec("provided", "h") with { OutboundNetwork = true }, out var reason));
        Assert.Contains("outbound network", reason, StringComparison.Ordinal);
        Assert.Null(fixture.Driver.StemCellFor(code.Spec("cobol", "h"), out reason));
        Assert.Contains("not supported", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_UnmountsWhatACrashedRunLeftMountedUnderTheBundles_AndDeletesNoCode()
    {
        using var data = new TempDirectory();
        var layout = new SandboxLayout(data.Path, RuntimeFiles.DefaultDirectory);
        using var code = CachedCode.Write(layout, ("marker", "survives", false));
        // As a crashed run leaves it: a slot with code on it in a bundle, and another slot alone.
        var slot = TaskSlot.Prepare(layout.SlotOf("kumo-crashed1"));
        slot.Attach(code.Path);
        TaskSlot.Prepare(layout.SlotOf("kumo-crashed2"));
        Assert.Equal(3, MountTable.Under(MountTable.Read(), layout.Bundles).Count);
        var driver = new RuncSandboxDriver(new SandboxOptions(), layout, RuntimeCatalog.ForThisMachine(), NullLogger<RuncSandboxDriver>.Instance);
        try
        {
            await driver.InitializeAsync(CancellationToken.None);

            Assert.Empty(MountTable.Under(MountTable.Read(), layout.Bundles));
            Assert.Empty(Directory.EnumerateFileSystemEntries(layout.Bundles));
            Assert.Equal("survives", File.ReadAllText(Path.Combine(code.Path, "marker")));
        }
        finally
        {
            await driver.DisposeAsync();
            MountedFolders.UnmountAll(layout.Bundles);
        }
    }

    [Fact]
    public void DeleteBundle_WithCodeMountedInIt_UnmountsFirst_TheCodeSurvives()
    {
        using var data = new TempDirectory();
        using var code = CachedCode.Write(new SandboxLayout(data.Path, RuntimeFiles.DefaultDirectory), ("marker", "safe", false));
        var bundle = Path.Combine(data.Path, "bundle");
        var slot = TaskSlot.Prepare(Path.Combine(bundle, "task"));
        slot.Attach(code.Path);
        Assert.Equal("safe", File.ReadAllText(Path.Combine(slot.Path, "marker")));

        // Deleting the bundle unmounts first: the code is never deleted through the mount.
        MountedFolders.Delete(bundle);

        Assert.False(Directory.Exists(bundle));
        Assert.Equal("safe", File.ReadAllText(Path.Combine(code.Path, "marker")));
        Assert.Empty(MountTable.Under(MountTable.Read(), bundle));
    }
}
