using System.IO.Compression;
using System.Text.Json;
using Kumo.Testing;

namespace Kumo.Server.Tests.Functions;

/// <summary>
/// Zips a Node function as a user would for Lambda: its sources, and in <c>node_modules/</c> the packages it
/// needs — the named ones and everything they depend on, found as Node finds them — taken from an installed
/// <c>node_modules</c> (tests/clients/js, installed by test.sh with npm ci).
/// </summary>
internal static class NodePackage
{
    private const int ReadableFile = Zips.RegularFile | 0b110_100_100;

    public static byte[] Zip(string sourceDirectory, string nodeModules, params string[] packages)
    {
        var included = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in packages)
        {
            Include(Path.Combine(nodeModules, name), nodeModules, included, visited);
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(sourceDirectory).Order(StringComparer.Ordinal))
            {
                Add(archive, file, Path.GetFileName(file));
            }

            foreach (var package in included)
            {
                foreach (var file in Directory.EnumerateFiles(package, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    Add(archive, file, "node_modules/" + Path.GetRelativePath(nodeModules, file).Replace('\\', '/'));
                }
            }
        }

        return zip.ToArray();
    }

    /// <summary>Adds the package at <paramref name="directory"/> and, transitively, its dependencies.</summary>
    private static void Include(string directory, string nodeModules, SortedSet<string> included, HashSet<string> visited)
    {
        if (!visited.Add(directory))
        {
            return;
        }

        var manifest = Path.Combine(directory, "package.json");
        if (!File.Exists(manifest))
        {
            throw new InvalidOperationException($"{directory} is not an installed package: run npm ci in {Path.GetDirectoryName(nodeModules)}");
        }

        // A package nested in another's node_modules travels inside that one's folder.
        if (!Path.GetRelativePath(nodeModules, directory).Contains("node_modules", StringComparison.Ordinal))
        {
            included.Add(directory);
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        if (!document.RootElement.TryGetProperty("dependencies", out var dependencies))
        {
            return;
        }

        foreach (var dependency in dependencies.EnumerateObject())
        {
            Include(Resolve(directory, dependency.Name, nodeModules), nodeModules, included, visited);
        }
    }

    /// <summary>Node's lookup: the nearest <c>node_modules/NAME</c> from the package's folder up to the top one.</summary>
    private static string Resolve(string from, string name, string nodeModules)
    {
        for (var directory = from; directory.Length >= nodeModules.Length; directory = Path.GetDirectoryName(directory)!)
        {
            var candidate = Path.Combine(directory, "node_modules", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(nodeModules, name);
    }

    private static void Add(ZipArchive archive, string file, string name)
    {
        var entry = archive.CreateEntryFromFile(file, name, CompressionLevel.Fastest);
        entry.ExternalAttributes = ReadableFile << 16;
    }
}
