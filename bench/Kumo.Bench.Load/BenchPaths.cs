namespace Kumo.Bench.Load;

/// <summary>Where the benchmark finds what it runs: the repository, the Release build's outputs, the bench functions.</summary>
internal sealed class BenchPaths
{
    private BenchPaths(string root) => Root = root;

    public string Root { get; }

    /// <summary>The <c>kumo</c> executable of the Release build.</summary>
    public string Kumo => Built("Kumo.Cli", "kumo");

    /// <summary>The Native AOT function, published beside the driver by its build.</summary>
    public string AotDirectory => Path.Combine(AppContext.BaseDirectory, "functions", "aot");

    public string Functions(string relative) => Path.Combine(Root, "bench", "functions", relative);

    /// <summary>A Release build output folder, or a file in it.</summary>
    public string Built(string project, string? file = null) =>
        file is null ? Path.Combine(Root, "artifacts", "bin", project, "release") : Path.Combine(Root, "artifacts", "bin", project, "release", file);

    public static BenchPaths Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kumo.slnx")))
            {
                return new BenchPaths(directory.FullName);
            }
        }

        throw new InvalidOperationException("run Kumo.Bench.Load from its build inside the Kumo repository (bench/run.sh)");
    }

    /// <summary>What is missing of the Release build, as one message; null when everything is there.</summary>
    public string? Missing()
    {
        string[] needed = [Kumo, Built("BenchFunction", "BenchFunction.dll"), Built("Kumo.Bench.DotnetHarness", "Kumo.Bench.DotnetHarness.dll"),
            Built("Kumo.Bench.Kestrel", "Kumo.Bench.Kestrel.dll"), Path.Combine(AotDirectory, "bootstrap")];
        var missing = needed.Where(p => !File.Exists(p)).ToList();
        return missing.Count == 0 ? null : $"missing from the Release build: {string.Join(", ", missing)}. Run bench/run.sh (it builds with 'dotnet build Kumo.slnx -c Release').";
    }
}
