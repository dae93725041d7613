using System.Globalization;
using System.Text;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests.Bootstraps;

/// <summary>
/// How the Node bootstrap loads a handler's module, run as a plain host process against a fake Runtime API, after a
/// stem's hand-over and on a normal start: CommonJS is required, ES modules are imported (also a .js file with top-level
/// await, which require() refuses), each is evaluated once, and the handler is found as in the namespace import()
/// gives, whichever of the two loaded it.
/// </summary>
public sealed class NodeHandlerLoadingTests
{
    // Each module counts its evaluations, so that a file loaded twice (required, then imported) shows.
    private const string Count = "globalThis.loads = (globalThis.loads ?? 0) + 1;";

    private static readonly Dictionary<string, (string Handler, (string Path, string Content)[] Files)> Cases = new(StringComparer.Ordinal)
    {
        ["commonjs"] = ("index.handler", [("index.js", $"{Count}\nexports.handler = async () => ({{ from: 'commonjs', loads }});")]),
        ["commonjs in a package without a type"] = ("index.handler", [
            ("package.json", """{ "name": "f", "dependencies": {} }"""),
            ("index.js", $"{Count}\nexports.handler = async () => ({{ from: 'commonjs in a package without a type', loads }});")]),
        ["module.exports as default"] = ("index.default", [("index.js", $"{Count}\nmodule.exports = async () => ({{ from: 'module.exports as default', loads }});")]),
        // What tsc makes of "export default handler": Lambda's handler "index.default" finds exports.default.
        ["exports.default"] = ("index.default", [("index.js", $"{Count}\nexports.default = async () => ({{ from: 'exports.default', loads }});")]),
        [".cjs"] = ("app.handler", [("app.cjs", $"{Count}\nexports.handler = async () => ({{ from: '.cjs', loads }});")]),
        ["nested, in a folder"] = ("lib/app.handlers.get", [("lib/app.js", $"{Count}\nexports.handlers = {{ get: async () => ({{ from: 'nested, in a folder', loads }}) }};")]),
        ["es module syntax in .js"] = ("index.handler", [("index.js", $"{Count}\nexport const handler = async () => ({{ from: 'es module syntax in .js', loads }});")]),
        ["top-level await in .js"] = ("index.handler", [("index.js", $"{Count}\nawait Promise.resolve();\nexport const handler = async () => ({{ from: 'top-level await in .js', loads }});")]),
        ["module package"] = ("index.handler", [
            ("package.json", """{ "type": "module" }"""),
            ("index.js", $"{Count}\nawait Promise.resolve();\nexport const handler = async () => ({{ from: 'module package', loads }});")]),
        [".mjs"] = ("app.handler", [("app.mjs", $"{Count}\nexport const handler = async () => ({{ from: '.mjs', loads }});")]),
    };

    public static TheoryData<string, bool> Loads
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var name in Cases.Keys)
            {
                data.Add(name, true);
                data.Add(name, false);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Loads))]
    public async Task Handler_OfEachModuleKind_IsLoadedOnceAndAnswers(string name, bool stem)
    {
        var (handler, files) = Cases[name];
        var runtime = BootstrapRuntime.Named(BootstrapRuntime.Node);
        using var taskRoot = new TempDirectory();
        await using var api = await FakeRuntimeApi.StartAsync();
        var function = BootstrapRuntime.FunctionEnvironment(api, taskRoot.Path, handler, "m");
        BootstrapProcess bootstrap;
        if (stem)
        {
            bootstrap = new BootstrapProcess(runtime.Command, taskRoot.Path, BootstrapRuntime.StemEnvironment(api, taskRoot.Path));
            await bootstrap.UntilAsync(api.HandOverRequested, "the hand-over request");
            Write(taskRoot.Path, files);
            api.AnswerHandOver(handler, function);
        }
        else
        {
            Write(taskRoot.Path, files);
            bootstrap = new BootstrapProcess(runtime.Command, taskRoot.Path, function);
        }

        await using (bootstrap)
        {
            var answer = await bootstrap.UntilAsync(api.InvokeAsync(new { }, BootstrapProcess.Deadline), "the handler's answer");

            Assert.True(answer.Succeeded, $"{answer.Body}\n{bootstrap.Output}");
            Assert.Equal(name, answer.Json.GetProperty("from").GetString());
            Assert.Equal(1, answer.Json.GetProperty("loads").GetInt32());
            Assert.DoesNotContain("Warning", bootstrap.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    // A CommonJS handler whose own require of an ES module with top-level await fails: its top-level code ran once
    // before the failure and must not be run again by another way to load it.
    [InlineData("index.js", "console.log('top-level ran');\nrequire('./dep.mjs');\nexports.handler = async () => ({});", "ERR_REQUIRE_ASYNC_MODULE")]
    // A dependency that is not there is Lambda's Runtime.ImportModuleError.
    [InlineData("index.js", "console.log('top-level ran');\nrequire('left-pad');\nexports.handler = async () => ({});", "Runtime.ImportModuleError")]
    public async Task Handler_WhoseDependencyFailsToLoad_IsAnInitError_AndItsCodeRanOnce(string file, string source, string expected)
    {
        var runtime = BootstrapRuntime.Named(BootstrapRuntime.Node);
        using var taskRoot = new TempDirectory();
        Write(taskRoot.Path, [(file, source), ("dep.mjs", "await Promise.resolve();\nexport const x = 1;")]);
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot.Path, BootstrapRuntime.FunctionEnvironment(api, taskRoot.Path, "index.handler", "m"));

        var error = await bootstrap.UntilAsync(api.InitError, "the init error");
        await bootstrap.WaitForExitAsync();

        Assert.Contains(expected, error.ErrorType + " " + error.Body, StringComparison.Ordinal);
        Assert.Equal(1, bootstrap.Output.Split("top-level ran").Length - 1);
    }

    /// <summary>
    /// A stem warms its HTTP path up with a round trip to a server of its own on loopback; by the time it asks for its
    /// hand-over that server is closed: the function's sandbox gets no listening socket it did not open.
    /// </summary>
    [Fact]
    public async Task Stem_WaitingForItsHandOver_HoldsNoListeningSocket()
    {
        var runtime = BootstrapRuntime.Named(BootstrapRuntime.Node);
        using var taskRoot = new TempDirectory();
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var bootstrap = new BootstrapProcess(runtime.Command, taskRoot.Path, BootstrapRuntime.StemEnvironment(api, taskRoot.Path));
        await bootstrap.UntilAsync(api.HandOverRequested, "the hand-over request");

        var sockets = SocketsOf(bootstrap.ProcessId);
        var listening = ListeningSockets(bootstrap.ProcessId);

        Assert.NotEmpty(sockets);
        Assert.Empty(sockets.Intersect(listening));
    }

    private static void Write(string root, (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    /// <summary>The inodes of the sockets the process holds open.</summary>
    private static HashSet<long> SocketsOf(int pid)
    {
        var inodes = new HashSet<long>();
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(long.Parse(target["socket:[".Length..^1], CultureInfo.InvariantCulture));
            }
        }

        return inodes;
    }

    /// <summary>The inodes of the TCP sockets listening in the process's network namespace (state 0A in /proc/net/tcp).</summary>
    private static HashSet<long> ListeningSockets(int pid)
    {
        var inodes = new HashSet<long>();
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "0A")
                {
                    inodes.Add(long.Parse(fields[9], CultureInfo.InvariantCulture));
                }
            }
        }

        return inodes;
    }
}
