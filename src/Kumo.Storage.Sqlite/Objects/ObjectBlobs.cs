using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Kumo.Storage.Sqlite.Packages;
using Microsoft.Extensions.Logging;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// Object bodies as files under <c>objects/</c>, each named by a random id (<c>objects/ab/ab12…</c>) and never by its
/// key, so no key can reach outside the directory. A file is written once, in <c>objects/tmp/</c>, flushed and renamed
/// into place; it is never changed after, only unlinked, which an open reader does not notice.
/// </summary>
internal sealed partial class ObjectBlobs(string dataDirectory, ILogger logger)
{
    public const int BufferSize = 81920;

    // Ids between Reserve and Release: bodies being written, or written and not yet committed to (or dropped from) the
    // objects table. The start-up cleanup leaves these alone, so it is safe even while writes are under way.
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    public string Root { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "objects");

    public string Temporary => Path.Combine(Root, "tmp");

    /// <summary>A new id, held as pending until <see cref="Release"/>.</summary>
    public string Reserve()
    {
        var id = Guid.NewGuid().ToString("N");
        _pending.TryAdd(id, 0);
        return id;
    }

    public void Release(string id) => _pending.TryRemove(id, out _);

    /// <summary>The ids reserved now.</summary>
    public IReadOnlySet<string> Pending() => _pending.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Streams <paramref name="body"/> to its end into the file of <paramref name="id"/>: written aside, flushed, then renamed into place.</summary>
    public async Task<WrittenBlob> WriteAsync(string id, Stream body, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Temporary, id);
        var final = PathOf(id);
        try
        {
            Directory.CreateDirectory(Temporary);
            var (size, md5) = await CopyAsync(body, temporary, cancellationToken);
            var shard = Path.GetDirectoryName(final)!;
            if (!Directory.Exists(shard))
            {
                Directory.CreateDirectory(shard);
                DirectoryFlush.Flush(Root);
            }

            File.Move(temporary, final);
            DirectoryFlush.Flush(shard);
            return new WrittenBlob(id, size, md5);
        }
        catch
        {
            DeleteIfPresent(temporary);
            DeleteIfPresent(final);
            throw;
        }
    }

    /// <summary>The body opened for reading, or null when its file is gone.</summary>
    public FileStream? TryOpen(string id)
    {
        try
        {
            return new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Unlinks a body no row refers to any more. A failure is logged, not thrown: the start-up cleanup removes what is left.</summary>
    public void Delete(string id)
    {
        try
        {
            DeleteIfPresent(PathOf(id));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogBlobNotRemoved(logger, PathOf(id), e.Message);
        }
    }

    public string PathOf(string id)
    {
        if (!IsId(id))
        {
            throw new ArgumentException($"'{id}' is not an object body id (32 lowercase hex digits).", nameof(id));
        }

        return Path.Combine(Root, id[..2], id);
    }

    public static bool IsId(string name) => name is { Length: 32 } && name.All(IsHex);

    public static bool IsShard(string name) => name is { Length: 2 } && name.All(IsHex);

    private static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f');

    private static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static async Task<(long Size, string Md5)> CopyAsync(Stream body, string path, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }

            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (size, Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    [LoggerMessage(EventId = EventIds.ObjectBlobNotRemoved, Level = LogLevel.Warning,
        Message = "Could not remove the replaced object body {Path} ({Reason}); it will be removed at the next start")]
    private static partial void LogBlobNotRemoved(ILogger logger, string path, string reason);
}
