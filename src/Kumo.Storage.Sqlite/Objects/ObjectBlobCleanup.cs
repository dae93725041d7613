using Microsoft.Extensions.Logging;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// Removes what a crash leaves under <c>objects/</c>: bodies still in <c>tmp/</c>, and bodies no row refers to (written
/// and renamed but never committed, or replaced and not yet unlinked). A body is referred to by an object's row or by
/// the row of a part of a multipart upload still in progress, so those uploads survive a restart. One shard directory
/// at a time, against the ids of that shard in SQLite, so the cost is a directory scan and the memory one shard's ids.
/// Bodies of writes under way in this process are left alone; files whose names are not body ids are not Kumo's and
/// are left too.
/// </summary>
internal static partial class ObjectBlobCleanup
{
    public static async Task RunAsync(ObjectBlobs blobs, SqliteDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(blobs.Temporary);
        var removed = 0;

        // Scan first, then take the pending ids: a file seen by the scan whose write is still under way was reserved before it.
        var leftovers = Directory.GetFiles(blobs.Temporary);
        var pending = blobs.Pending();
        foreach (var path in leftovers)
        {
            if (!pending.Contains(Path.GetFileName(path)) && File.Exists(path))
            {
                File.Delete(path);
                LogIncompleteUploadRemoved(logger, path);
                removed++;
            }
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var shard in Directory.EnumerateDirectories(blobs.Root))
        {
            var name = Path.GetFileName(shard);
            if (!ObjectBlobs.IsShard(name))
            {
                continue;
            }

            // Scan, then pending, then the committed ids: a body renamed into place before the scan and committed after
            // the ids were read was pending all the while in between.
            var files = Directory.GetFiles(shard).Where(f => ObjectBlobs.IsId(Path.GetFileName(f))).ToList();
            if (files.Count == 0)
            {
                continue;
            }

            pending = blobs.Pending();
            var referenced = await ReadShardIdsAsync(connection, name, cancellationToken);
            foreach (var path in files)
            {
                var id = Path.GetFileName(path);
                if (!referenced.Contains(id) && !pending.Contains(id))
                {
                    File.Delete(path);
                    LogOrphanRemoved(logger, path);
                    removed++;
                }
            }
        }

        LogCleaned(logger, removed, blobs.Root);
    }

    private static async Task<HashSet<string>> ReadShardIdsAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string shard, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // Ids are lowercase hex, so every id of shard "ab" lies in ["ab", "abg"); both columns are UNIQUE, so indexed.
        command.CommandText = """
            SELECT blob FROM objects WHERE blob >= $from AND blob < $before
            UNION ALL
            SELECT blob FROM multipart_parts WHERE blob >= $from AND blob < $before;
            """;
        command.Parameters.AddWithValue("$from", shard);
        command.Parameters.AddWithValue("$before", shard + "g");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [LoggerMessage(EventId = EventIds.IncompleteObjectUploadRemoved, Level = LogLevel.Information,
        Message = "Removed an incomplete object upload left by an earlier run: {Path}")]
    private static partial void LogIncompleteUploadRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = EventIds.OrphanObjectBlobRemoved, Level = LogLevel.Information,
        Message = "Removed an object body no object or upload part refers to (left by an interrupted write or delete): {Path}")]
    private static partial void LogOrphanRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = EventIds.ObjectStorageCleaned, Level = LogLevel.Debug,
        Message = "Object storage checked: {Removed} leftover files removed under {Root}")]
    private static partial void LogCleaned(ILogger logger, int removed, string root);
}
