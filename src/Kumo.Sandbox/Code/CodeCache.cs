using System.Collections.Concurrent;
using System.IO.Compression;
using Kumo.Core.Packages;

namespace Kumo.Sandbox.Code;

/// <summary>
/// Code packages unpacked once per node, under <c>{data}/code/{sha256}</c>, for sandboxes to mount read-only at
/// <c>/var/task</c>. A package is unpacked into a temporary folder and renamed into place only when complete,
/// so a sandbox never sees half a package; concurrent requests for one package unpack it once.
/// </summary>
public sealed class CodeCache
{
    private const int Executable = 0b001_001_001;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _unpacking = new(StringComparer.Ordinal);
    private readonly PackageLimits _limits;

    /// <summary>Creates the cache under <paramref name="dataDirectory"/>.</summary>
    public CodeCache(string dataDirectory, PackageLimits limits)
    {
        Root = Path.Combine(Path.GetFullPath(dataDirectory), "code");
        _limits = limits;
    }

    /// <summary>The folder that holds the unpacked packages.</summary>
    public string Root { get; }

    /// <summary>Removes what an interrupted unpacking left behind.</summary>
    public void RemoveLeftovers()
    {
        Directory.CreateDirectory(Root);
        foreach (var leftover in Directory.EnumerateDirectories(Root, ".tmp-*"))
        {
            Directory.Delete(leftover, recursive: true);
        }
    }

    /// <summary>
    /// The folder of the package with hash <paramref name="sha256"/>, unpacking it from <paramref name="openPackage"/>
    /// (a seekable zip) the first time.
    /// </summary>
    /// <exception cref="InvalidDataException">The package breaks the rules of <see cref="PackageInspector"/>.</exception>
    public async Task<string> GetAsync(string sha256, Func<CancellationToken, Task<Stream>> openPackage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openPackage);
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 hash (64 lowercase hex digits)", nameof(sha256));
        }

        var folder = Path.Combine(Root, sha256);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var gate = _unpacking.GetOrAdd(sha256, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(folder))
            {
                await using var package = await openPackage(cancellationToken);
                Unpack(package, folder);
            }

            return folder;
        }
        finally
        {
            gate.Release();
        }
    }

    private void Unpack(Stream package, string folder)
    {
        var inspection = PackageInspector.Inspect(package, _limits);
        if (!inspection.IsValid)
        {
            throw new InvalidDataException("the code package cannot be used: " + string.Join("; ", inspection.Problems));
        }

        Directory.CreateDirectory(Root);
        var temporary = Path.Combine(Root, ".tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temporary);
        try
        {
            package.Position = 0;
            using var archive = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
            var byPath = inspection.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
            long written = 0;
            // Links last: no file or folder is ever written through a link.
            foreach (var entry in archive.Entries.OrderBy(e => IsLink(e, byPath) ? 1 : 0))
            {
                var path = PackagePaths.Normalize(entry.FullName, out _);
                if (path is not { Length: > 0 } || !byPath.TryGetValue(path, out var known))
                {
                    continue;
                }

                var target = Path.Combine(temporary, path);
                switch (known.Kind)
                {
                    case PackageEntryKind.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case PackageEntryKind.SymbolicLink:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        using (var reader = new StreamReader(entry.Open()))
                        {
                            File.CreateSymbolicLink(target, reader.ReadToEnd());
                        }

                        break;
                    default:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        written += WriteFile(entry, target, known, _limits.MaxUnzippedBytes - written);
                        break;
                }
            }

            OpenDirectories(temporary);
            Directory.Move(temporary, folder);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    /// <summary>Writes one file, trusting the bytes, not the header: it may not grow past what it declared.</summary>
    private static long WriteFile(ZipArchiveEntry entry, string target, PackageEntry known, long budget)
    {
        using var source = entry.Open();
        using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                total += read;
                if (total > known.Size || total > budget)
                {
                    throw new InvalidDataException($"the code package cannot be used: entry '{known.Path}' unzips to more than it declares");
                }

                file.Write(buffer, 0, read);
            }

            file.Flush(flushToDisk: true);
        }

        // Readable by the sandbox's user; executable where the zip said so (a bootstrap must be).
        var mode = (known.UnixMode & Executable) != 0 ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;
        File.SetUnixFileMode(target, mode);
        return new FileInfo(target).Length;
    }

    private static bool IsLink(ZipArchiveEntry entry, Dictionary<string, PackageEntry> byPath) =>
        PackagePaths.Normalize(entry.FullName, out _) is { } path && byPath.TryGetValue(path, out var known) && known.Kind == PackageEntryKind.SymbolicLink;

    /// <summary>Folders readable and searchable by the sandbox's user, whatever the zip said.</summary>
    private static void OpenDirectories(string folder)
    {
        foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Prepend(folder))
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
    }
}
