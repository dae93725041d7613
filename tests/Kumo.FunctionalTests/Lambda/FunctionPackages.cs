using System.IO.Compression;
using System.Text;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>Writes the zips the tests upload: test functions with a marker file, and hostile packages.</summary>
internal sealed class FunctionPackages(string directory)
{
    private const int ReadableFile = Zips.RegularFile | 0b110_100_100;

    /// <summary>
    /// The function's files (its folder's top level, without build leftovers) and, when given, a
    /// <c>marker.txt</c> holding <paramref name="marker"/>, which the echo functions return.
    /// </summary>
    public string Package(TestFunction function, string? marker = null)
    {
        var path = NewPath(function.Name);
        using var file = File.Create(path);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var source in Directory.EnumerateFiles(function.SourceDirectory).Order(StringComparer.Ordinal))
        {
            var entry = archive.CreateEntryFromFile(source, Path.GetFileName(source), CompressionLevel.Optimal);
            entry.ExternalAttributes = ReadableFile << 16;
        }

        if (marker is not null)
        {
            var entry = archive.CreateEntry("marker.txt");
            entry.ExternalAttributes = ReadableFile << 16;
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(marker));
        }

        return path;
    }

    /// <summary>A zip made of the given entries, hostile ones included.</summary>
    public string Make(string name, params (string Name, string Content)[] entries)
    {
        var path = NewPath(name);
        using var zip = Zips.Make([.. entries.Select(e => (e.Name, e.Content, ReadableFile))]);
        using var file = File.Create(path);
        zip.CopyTo(file);
        return path;
    }

    private string NewPath(string name) => Path.Combine(directory, $"{name}-{Guid.NewGuid().ToString("N")[..8]}.zip");
}
