using System.Globalization;
using System.Reflection;
using System.Text;
using Kumo.Runtimes;

namespace Kumo.Sandbox.Tests.Bootstraps;

/// <summary>
/// One of Kumo's bootstraps as the stem-cell tests run it: its command (the files under the test's runtime folder),
/// a probe handler that reports what it sees, a hello-world handler, and a handler name whose module is missing.
/// </summary>
internal sealed record BootstrapRuntime(
    string Name,
    IReadOnlyList<string> Command,
    string ProbeHandler,
    string HelloHandler,
    string MissingHandler,
    Action<string> PlaceCode)
{
    public const string Node = "node";
    public const string Python = "python";
    public const string Dotnet = "dotnet";

    private const string NodeCode = """
        const { execFileSync } = require('node:child_process');
        const fs = require('node:fs');
        exports.probe = async (event, context) => ({
          cwd: process.cwd(),
          marker: fs.readFileSync('marker.txt', 'utf8').trim(),
          managed: process.env[event.variable] ?? null,
          child: execFileSync('/usr/bin/env').toString(),
          functionName: context.functionName,
        });
        exports.hello = async () => 'hello';
        """;

    private const string PythonCode = """
        import ctypes
        import os
        import subprocess

        libc = ctypes.CDLL(None)
        libc.getenv.restype = ctypes.c_char_p


        def probe(event, context):
            with open("marker.txt") as marker:
                native = libc.getenv(event["variable"].encode())
                return {
                    "cwd": os.getcwd(),
                    "marker": marker.read().strip(),
                    "managed": os.environ.get(event["variable"]),
                    "native": native.decode() if native else None,
                    "child": subprocess.run(["/usr/bin/env"], capture_output=True, text=True, check=True).stdout,
                    "functionName": context.function_name,
                }


        def hello(event, context):
            return "hello"
        """;

    private static readonly string FunctionsOutput = typeof(BootstrapRuntime).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutput").Value!;

    public static TheoryData<string> Names => [Node, Python, Dotnet];

    public static BootstrapRuntime Named(string name) => name switch
    {
        Node => new(Node, ["/usr/bin/node", Path.Combine(RuntimeFiles.DefaultDirectory, "node", "bootstrap.mjs")], "index.probe", "index.hello", "missing.handler",
            root => Write(root, "index.js", NodeCode)),
        Python => new(Python, ["/usr/bin/python3.11", "-u", Path.Combine(RuntimeFiles.DefaultDirectory, "python", "bootstrap.py")], "app.probe", "app.hello", "missing.handler",
            root => Write(root, "app.py", PythonCode)),
        Dotnet => new(Dotnet, ["/usr/share/dotnet/dotnet", Path.Combine(RuntimeFiles.DefaultDirectory, "dotnet", "Kumo.Runtime.Dotnet.dll")],
            "StemProbeFunction::StemProbe.Function::Handle", "HelloFunction::Hello.Function::Handle", "Missing::Missing.Function::Handle",
            root =>
            {
                CopyBuilt("StemProbeFunction", root);
                CopyBuilt("HelloFunction", root);
                CopyBuilt("ExecutableFunction", root);
            }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "use node, python or dotnet"),
    };

    /// <summary>What a stem starts with: the part of a function's environment that does not depend on the function.</summary>
    public static Dictionary<string, string> StemEnvironment(FakeRuntimeApi api, string taskRoot) => new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["LANG"] = "C.UTF-8",
        ["LAMBDA_TASK_ROOT"] = taskRoot,
        ["LAMBDA_RUNTIME_DIR"] = RuntimeFiles.DefaultDirectory,
        ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128",
    };

    /// <summary>The complete environment of a function: the stem's, the handler and the function's own variables.</summary>
    public static Dictionary<string, string> FunctionEnvironment(FakeRuntimeApi api, string taskRoot, string handler, string marker) =>
        new(StemEnvironment(api, taskRoot), StringComparer.Ordinal)
        {
            ["_HANDLER"] = handler,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "stem-probe",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["STEM_MARKER"] = marker,
        };

    public override string ToString() => Name;

    private static void Write(string root, string name, string content) =>
        File.WriteAllText(Path.Combine(root, name), content.ReplaceLineEndings("\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static void CopyBuilt(string project, string root)
    {
        var output = string.Format(CultureInfo.InvariantCulture, FunctionsOutput, project);
        foreach (var file in Directory.EnumerateFiles(output))
        {
            File.Copy(file, Path.Combine(root, Path.GetFileName(file)), overwrite: true);
        }
    }
}
