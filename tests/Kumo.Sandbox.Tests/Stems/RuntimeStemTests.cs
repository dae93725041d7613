using System.Globalization;
using System.Reflection;
using Kumo.Sandbox.Stems;

namespace Kumo.Sandbox.Tests.Stems;

/// <summary>
/// Runtime stems in real runc sandboxes: node, python and dotnet started with Kumo's bootstrap and no function,
/// which load the handler once the hand-over arrives.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class RuntimeStemTests(DriverFixture fixture)
{
    private const string NodeFunction = """
        const http = require('http');
        const fs = require('fs');
        const again = () => new Promise((resolve, reject) => {
          http.get({ host: '127.0.0.1', port: 9001, path: '/2018-06-01/runtime/kumo/specialization', agent: false }, (res) => {
            let body = '';
            res.on('data', (chunk) => { body += chunk; });
            res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(body) }));
          }).on('error', reject);
        });
        exports.handler = async (event, context) => ({
          marker: fs.readFileSync('marker', 'utf8').trim(), who: process.env.WHO, handler: process.env._HANDLER,
          cwd: process.cwd(), heap: process.env.NODE_OPTIONS, fn: context.functionName, memory: String(context.memoryLimitInMB),
          again: await again(),
        });
        """;

    private const string PythonFunction = """
        import http.client, json, os
        import helper

        def handler(event, context):
            c = http.client.HTTPConnection("127.0.0.1", 9001, timeout=10)
            c.request("GET", "/2018-06-01/runtime/kumo/specialization")
            r = c.getresponse()
            return {"marker": open("marker").read().strip(), "who": os.environ["WHO"], "handler": os.environ["_HANDLER"],
                    "cwd": os.getcwd(), "helper": helper.VALUE, "fn": context.function_name, "memory": str(context.memory_limit_in_mb),
                    "again": {"status": r.status, "body": json.loads(r.read())}}
        """;

    private static readonly string OutputPattern = typeof(RuntimeStemTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutput").Value!;

    private static void AssertItsOwn(Kumo.Sandbox.Invocations.InvocationResult result, string function, string marker, string handler)
    {
        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        var body = SandboxRun.Json(result);
        Assert.Equal(marker, body.GetProperty("marker").GetString());
        Assert.Equal(function, body.GetProperty("who").GetString());
        Assert.Equal(function, body.GetProperty("fn").GetString());
        Assert.Equal(handler, body.GetProperty("handler").GetString());
        Assert.Equal("/var/task", body.GetProperty("cwd").GetString());
        Assert.Equal("512", body.GetProperty("memory").GetString());
        Assert.Equal(409, body.GetProperty("again").GetProperty("status").GetInt32());
        Assert.Equal("Kumo.AlreadySpecialized", body.GetProperty("again").GetProperty("body").GetProperty("errorType").GetString());
        Assert.NotNull(result.InitDuration);
    }

    [Fact]
    public async Task NodeStems_TwoFunctions_EachLoadsItsOwnHandlerWithItsOwnEnvironment()
    {
        using var first = CachedCode.Write(fixture.Layout, ("index.js", NodeFunction, false), ("marker", "first", false));
        using var second = CachedCode.Write(fixture.Layout, ("index.js", NodeFunction, false), ("marker", "second", false));
        var firstSpec = first.Spec("nodejs20.x", "index.handler", "first", environment: new Dictionary<string, string> { ["WHO"] = "first" });
        var secondSpec = second.Spec("nodejs22.x", "index.handler", "second", environment: new Dictionary<string, string> { ["WHO"] = "second" });
        Assert.Equal(new StemCellKind("node", 512), StemRun.KindFor(fixture, firstSpec));
        Assert.Equal(new StemCellKind("node", 512), StemRun.KindFor(fixture, secondSpec));

        var results = await Task.WhenAll(StemRun.InvokeAsync(fixture, firstSpec, null, new { }), StemRun.InvokeAsync(fixture, secondSpec, null, new { }));

        AssertItsOwn(results[0][0], "first", "first", "index.handler");
        AssertItsOwn(results[1][0], "second", "second", "index.handler");
        Assert.Equal("--max-old-space-size=435", SandboxRun.Json(results[0][0]).GetProperty("heap").GetString());
    }

    [Fact]
    public async Task PythonStem_ImportsTheHandlerAndItsModulesFromTheCode()
    {
        using var code = CachedCode.Write(fixture.Layout, ("app.py", PythonFunction, false), ("helper.py", "VALUE = 'helped'\n", false), ("marker", "py", false));
        var spec = code.Spec("python3.11", "app.handler", "py", environment: new Dictionary<string, string> { ["WHO"] = "py" });
        Assert.Equal(new StemCellKind("python3.11", 512), StemRun.KindFor(fixture, spec));

        var results = await StemRun.InvokeAsync(fixture, spec, null, new { }, new { });

        AssertItsOwn(results[0], "py", "py", "app.handler");
        Assert.Equal("helped", SandboxRun.Json(results[0]).GetProperty("helper").GetString());
        Assert.True(results[1].Succeeded, SandboxRun.Describe(results[1]));
        Assert.Null(results[1].InitDuration);
    }

    [Fact]
    public async Task PythonStem_FindsTheFunctionsOwnLibrariesByName()
    {
        // The loader looked through LD_LIBRARY_PATH (/var/task/lib among it) when the stem's runtime started, before
        // the code was there: the function's libraries must still be found by name after the hand-over.
        using var code = CachedCode.Write(fixture.Layout, ("app.py", """
            import ctypes

            def handler(event, context):
                lib = ctypes.CDLL("libkumo-stem-probe.so")
                lib.zlibVersion.restype = ctypes.c_char_p
                return {"version": lib.zlibVersion().decode()}
            """, false));
        Directory.CreateDirectory(Path.Combine(code.Path, "lib"));
        File.Copy(new[] { "/usr/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/aarch64-linux-gnu/libz.so.1" }.First(File.Exists), Path.Combine(code.Path, "lib", "libkumo-stem-probe.so"));
        File.SetUnixFileMode(Path.Combine(code.Path, "lib", "libkumo-stem-probe.so"), (UnixFileMode)0b110_100_100);
        var spec = code.Spec("python3.11", "app.handler", "py-lib");
        Assert.Equal(new StemCellKind("python3.11", 512), StemRun.KindFor(fixture, spec));

        var results = await StemRun.InvokeAsync(fixture, spec, null, new { });

        Assert.True(results[0].Succeeded, SandboxRun.Describe(results[0]));
        Assert.StartsWith("1.", SandboxRun.Json(results[0]).GetProperty("version").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotnetStem_LoadsAClassLibrary()
    {
        using var code = CachedCode.Copy(fixture.Layout, string.Format(CultureInfo.InvariantCulture, OutputPattern, "HelloFunction"));
        var spec = code.Spec("dotnet10", "HelloFunction::Hello.Function::Handle");
        Assert.Equal(new StemCellKind("dotnet", 512), StemRun.KindFor(fixture, spec));

        var results = await StemRun.InvokeAsync(fixture, spec, null, new { name = "stem" }, new { name = "again" });

        Assert.True(results[0].Succeeded, SandboxRun.Describe(results[0]));
        Assert.Equal("Hello, stem!", SandboxRun.Json(results[0]).GetProperty("Message").GetString());
        Assert.Contains("greeting stem", results[0].Log, StringComparison.Ordinal);
        Assert.NotNull(results[0].InitDuration);
        Assert.Equal("Hello, again!", SandboxRun.Json(results[1]).GetProperty("Message").GetString());
    }

    public static TheoryData<string, string, string, string> BrokenFunctions => new()
    {
        { "nodejs20.x", "index.missing", "index.js", "exports.handler = async () => 1;\n" },
        { "nodejs22.x", "index.handler", "index.js", "exports.handler = async () => { return 1 +; };\n" },
        { "python3.11", "broken.handler", "broken.py", "def handler(event, context)\n    return 1\n" },
        { "python3.11", "app.missing", "app.py", "def handler(event, context):\n    return 1\n" },
        { "dotnet8", "Missing::Nope.Function::Handle", "readme.txt", "no assembly here\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenFunctions))]
    public async Task InitErrors_AfterTheHandOver_AreReportedAsForANewSandbox(string runtime, string handler, string file, string source)
    {
        using var code = CachedCode.Write(fixture.Layout, (file, source, false));
        var spec = code.Spec(runtime, handler);
        Assert.NotEqual(StemCellFit.Generic, StemRun.KindFor(fixture, spec).Name);

        var fresh = (await SandboxRun.InvokeAsync(fixture, spec, new { }))[0];
        var stem = (await StemRun.InvokeAsync(fixture, spec, null, new { }))[0];

        Assert.False(fresh.Succeeded);
        Assert.Equal(fresh.Status, stem.Status);
        Assert.Equal(fresh.ErrorType, stem.ErrorType);
        Assert.Equal(SandboxRun.Json(fresh).GetProperty("errorType").GetString(), SandboxRun.Json(stem).GetProperty("errorType").GetString());
    }
}
