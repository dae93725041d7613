using System.IO.Compression;

namespace Kumo.Bench.Load;

/// <summary>
/// One of the benchmark's functions (bench/functions): how Kumo runs it (runtime, handler, package) and how the
/// same runtime is started bare for the baselines: <see cref="BareStart"/> starts and exits at once (the runtime's
/// own start), <see cref="BareHandler"/> loads the same handler and answers events from stdin on stdout.
/// </summary>
internal sealed record BenchFunction(string Key, string Label, string Runtime, string Handler, byte[] Zip, string[] BareStart, string[] BareHandler)
{
    public static IReadOnlyList<BenchFunction> All(BenchPaths paths) =>
    [
        new("node", "Node.js", "nodejs20.x", "index.handler", ZipOf(paths.Functions("node"), ["index.js"]),
            ["/usr/bin/node", "-e", "0"], ["/usr/bin/node", paths.Functions("node/harness.mjs"), paths.Functions("node")]),
        new("python", "Python", "python3.11", "app.handler", ZipOf(paths.Functions("python"), ["app.py"]),
            [Python, "-c", "0"], [Python, paths.Functions("python/harness.py"), paths.Functions("python")]),
        new("dotnet", "C# class library", "dotnet10", "BenchFunction::Bench.Function::Handle", ZipOf(paths.Built("BenchFunction"), null),
            // With nothing on stdin the harness exits as soon as it has started: a .NET hello world.
            [Dotnet, paths.Built("Kumo.Bench.DotnetHarness", "Kumo.Bench.DotnetHarness.dll")],
            [Dotnet, paths.Built("Kumo.Bench.DotnetHarness", "Kumo.Bench.DotnetHarness.dll")]),
        new("aot", "Native AOT (provided.al2023)", "provided.al2023", "bootstrap", ZipOf(paths.AotDirectory, ["bootstrap"]),
            [Path.Combine(paths.AotDirectory, "bootstrap")], [Path.Combine(paths.AotDirectory, "bootstrap")]),
    ];

    /// <summary>The interpreter Kumo's python3.11 runtime uses.</summary>
    private const string Python = "/usr/bin/python3.11";

    private const string Dotnet = "/usr/share/dotnet/dotnet";

    /// <summary>A package of the files named (or every file) of a folder; executables keep their execute bit.</summary>
    private static byte[] ZipOf(string directory, string[]? names)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory} does not exist: build Kumo in Release first (bench/run.sh does)");
        }

        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var files = names?.Select(n => Path.Combine(directory, n)) ?? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories);
            foreach (var file in files)
            {
                var entry = archive.CreateEntryFromFile(file, Path.GetRelativePath(directory, file), CompressionLevel.Fastest);
                var executable = (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
                entry.ExternalAttributes = (0x8000 | (executable ? 0b111_101_101 : 0b110_100_100)) << 16;
            }
        }

        return buffer.ToArray();
    }
}
