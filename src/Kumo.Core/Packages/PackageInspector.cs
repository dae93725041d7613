using System.IO.Compression;
using System.Text;

namespace Kumo.Core.Packages;

/// <summary>
/// Checks a zip before anything of it is stored or unpacked: its size, its number of entries, what it unzips
/// to (declared totals and per-entry ratios, against zip bombs), and its paths and links (against zip slip).
/// Every problem is collected, so the user fixes the package in one go.
/// </summary>
public static class PackageInspector
{
    private const int UnixTypeMask = 0xF000;
    private const int UnixDirectory = 0x4000;
    private const int UnixSymbolicLink = 0xA000;
    private const int MaxLinkTargetBytes = 4096;

    /// <summary>Inspects the zip in <paramref name="zip"/> (which must be seekable), leaving it open.</summary>
    public static PackageInspection Inspect(Stream zip, PackageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<string>();
        if (zip.Length > limits.MaxZippedBytes)
        {
            problems.Add($"the package is {zip.Length} bytes; the limit is {limits.MaxZippedBytes} bytes zipped");
            return new PackageInspection([], 0, problems);
        }

        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            problems.Add($"the package is not a valid zip file ({e.Message})");
            return new PackageInspection([], 0, problems);
        }

        using (archive)
        {
            if (archive.Entries.Count > limits.MaxEntries)
            {
                problems.Add($"the package has {archive.Entries.Count} entries; the limit is {limits.MaxEntries}");
                return new PackageInspection([], 0, problems);
            }

            var entries = new List<PackageEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long total = 0;
            foreach (var zipEntry in archive.Entries)
            {
                if (Read(zipEntry, limits, problems) is not { } entry)
                {
                    continue;
                }

                if (entry.Path.Length > 0 && !seen.Add(entry.Path))
                {
                    problems.Add($"entry '{entry.Path}' appears more than once");
                    continue;
                }

                total += entry.Size;
                if (entry.Path.Length > 0)
                {
                    entries.Add(entry);
                }
            }

            if (total > limits.MaxUnzippedBytes)
            {
                problems.Add($"the package unzips to {total} bytes; the limit is {limits.MaxUnzippedBytes} bytes unzipped");
            }

            return new PackageInspection(entries, total, problems);
        }
    }

    private static PackageEntry? Read(ZipArchiveEntry zipEntry, PackageLimits limits, List<string> problems)
    {
        var path = PackagePaths.Normalize(zipEntry.FullName, out var problem);
        if (path is null)
        {
            problems.Add(problem!);
            return null;
        }

        var mode = (zipEntry.ExternalAttributes >> 16) & 0xFFFF;
        var kind = (mode & UnixTypeMask) switch
        {
            UnixSymbolicLink => PackageEntryKind.SymbolicLink,
            UnixDirectory => PackageEntryKind.Directory,
            _ when zipEntry.FullName.EndsWith('/') || zipEntry.FullName.EndsWith('\\') => PackageEntryKind.Directory,
            _ => PackageEntryKind.File,
        };

        if (kind == PackageEntryKind.SymbolicLink)
        {
            var target = LinkTarget(zipEntry);
            if (target is null || !PackagePaths.LinkStaysInside(path, target))
            {
                problems.Add($"entry '{path}' is a symbolic link that points outside the package ({target ?? "unreadable"})");
                return null;
            }
        }

        if (zipEntry.Length > limits.RatioCheckedAboveBytes
            && (zipEntry.CompressedLength == 0 || zipEntry.Length / zipEntry.CompressedLength > limits.MaxCompressionRatio))
        {
            problems.Add($"entry '{path}' unzips to {zipEntry.Length} bytes from {zipEntry.CompressedLength}: more than {limits.MaxCompressionRatio} times its size, as zip bombs do");
            return null;
        }

        return new PackageEntry(path, kind, mode & 0xFFF, zipEntry.Length);
    }

    private static string? LinkTarget(ZipArchiveEntry zipEntry)
    {
        if (zipEntry.Length > MaxLinkTargetBytes)
        {
            return null;
        }

        using var stream = zipEntry.Open();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
