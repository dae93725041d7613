using System.Buffers;
using System.Security.Cryptography;
using Kumo.Abstractions.Storage;
using Microsoft.Extensions.Logging;

namespace Kumo.Storage.Sqlite.Packages;

/// <summary>
/// Code packages as files named by their SHA-256 under <c>packages/sha256/ab/abcd…</c>. A package is written
/// to <c>packages/.incoming</c>, flushed, then renamed into place, so a reader never sees half a package.
/// </summary>
internal sealed partial class FileCodePackageStore(string dataDirectory, ILogger<FileCodePackageStore> logger) : ICodePackageStore
{
    private const int BufferSize = 128 * 1024;

    private readonly string _root = Path.Combine(Path.GetFullPath(dataDirectory), "packages");

    private string Incoming => Path.Combine(_root, ".incoming");

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(_root, "sha256"));
        Directory.CreateDirectory(Incoming);
        foreach (var leftover in Directory.EnumerateFiles(Incoming))
        {
            File.Delete(leftover);
            LogIncompleteUploadRemoved(logger, leftover);
        }

        return Task.CompletedTask;
    }

    public async Task<CodePackage> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temporary = Path.Combine(Incoming, Guid.NewGuid().ToString("N"));
        try
        {
            var (sha256, size) = await WriteAsync(content, temporary, cancellationToken);
            var final = PathOf(sha256);
            var directory = Path.GetDirectoryName(final)!;
            Directory.CreateDirectory(directory);
            // Same hash, same bytes: when two writers race, either file is the right one.
            File.Move(temporary, final, overwrite: true);
            DirectoryFlush.Flush(directory);
            return new CodePackage(sha256, size);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    private static async Task<(string Sha256, long Size)> WriteAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }

            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    private string PathOf(string sha256)
    {
        if (!IsSha256(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 hash (64 lowercase hex digits).", nameof(sha256));
        }

        return Path.Combine(_root, "sha256", sha256[..2], sha256);
    }

    private static bool IsSha256(string value) =>
        value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    [LoggerMessage(EventId = EventIds.IncompleteUploadRemoved, Level = LogLevel.Information,
        Message = "Removed an incomplete code package upload left by an earlier run: {Path}")]
    private static partial void LogIncompleteUploadRemoved(ILogger logger, string path);
}
