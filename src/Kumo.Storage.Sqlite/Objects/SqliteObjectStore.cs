using System.Runtime.CompilerServices;
using Kumo.Abstractions.Objects;
using Kumo.Abstractions.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// Buckets and objects: descriptions in the <c>buckets</c> and <c>objects</c> tables, bodies in <see cref="ObjectBlobs"/>.
/// A write streams its body to a new file, flushes and renames it, and only then points the row at it in an IMMEDIATE
/// transaction, which also reads the file it replaces; that file is unlinked after the commit. So a reader sees the old
/// body or the new one, two writers of one key each unlink what their commit replaced, and a crash leaves at most a
/// file no row names, which <see cref="InitializeAsync"/> removes. Multipart uploads are kept by <see cref="MultipartUploads"/>
/// and completed by <see cref="MultipartCompletions"/>.
/// </summary>
internal sealed partial class SqliteObjectStore : IObjectStore, IObjectChangeFeed, IMultipartStore
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const string DefaultContentType = "binary/octet-stream";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteObjectStore> _logger;
    private readonly ObjectBlobs _blobs;
    private readonly MultipartUploads _multipart;
    private readonly MultipartCompletions _completions;

    public SqliteObjectStore(SqliteDatabase database, string dataDirectory, TimeProvider time, ILogger<SqliteObjectStore> logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
        _blobs = new ObjectBlobs(dataDirectory, logger);
        _multipart = new MultipartUploads(database, _blobs, time);
        _completions = new MultipartCompletions(database, _blobs, time, SignalChange);
    }

    /// <summary>Removes leftovers of a crash: unfinished uploads and bodies no object refers to. Run after the schema is up to date.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        ObjectBlobCleanup.RunAsync(_blobs, _database, _logger, cancellationToken);

    public async Task<ObjectStoreResult> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO buckets (name, tenant_id, created_at, region) VALUES ($name, $tenant_id, $created_at, $region);";
        command.Parameters.AddWithValue("$name", bucket.Name);
        command.Parameters.AddWithValue("$tenant_id", bucket.TenantId);
        command.Parameters.AddWithValue("$created_at", StoredTime.Format(bucket.CreatedAt));
        command.Parameters.AddWithValue("$region", bucket.Region);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return ObjectStoreResult.Done;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            return ObjectStoreResult.Conflict;
        }
    }

    public async Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken)
    {
        var found = await ReadBucketsAsync("WHERE name = $value", name, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(string tenantId, CancellationToken cancellationToken) =>
        ReadBucketsAsync("WHERE tenant_id = $value ORDER BY name", tenantId, cancellationToken);

    public async Task<ObjectStoreResult> DeleteBucketAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        // IMMEDIATE: no object can be committed into the bucket between the check and the delete.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = """
            SELECT EXISTS (SELECT 1 FROM buckets WHERE name = $name), EXISTS (SELECT 1 FROM objects WHERE bucket = $name);
            """;
        check.Parameters.AddWithValue("$name", name);
        await using (var reader = await check.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == 0)
            {
                return ObjectStoreResult.NotFound;
            }

            if (reader.GetInt64(1) != 0)
            {
                return ObjectStoreResult.NotEmpty;
            }
        }

        // As on S3, uploads in progress do not keep a bucket: they go with it.
        var partBodies = await MultipartUploads.DeleteOfBucketAsync(connection, transaction, name, cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM bucket_settings WHERE bucket = $name; DELETE FROM buckets WHERE name = $name;";
        delete.Parameters.AddWithValue("$name", name);
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var blob in partBodies)
        {
            _blobs.Delete(blob);
        }

        return ObjectStoreResult.Done;
    }

    public async Task<ObjectInfo?> PutAsync(ObjectWrite write, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(body);
        RequireWellFormed(write.Key);
        if (await GetBucketAsync(write.Bucket, cancellationToken) is null)
        {
            return null;
        }

        return await StoreAsync(write, body, ObjectEventNames.Put, cancellationToken);
    }

    public async Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        (await ReadObjectAsync(bucket, key, cancellationToken))?.Info;

    public async Task<ObjectContent?> OpenAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        string? missing = null;
        while (true)
        {
            if (await ReadObjectAsync(bucket, key, cancellationToken) is not { } found)
            {
                return null;
            }

            if (_blobs.TryOpen(found.Blob) is { } body)
            {
                return new ObjectContent(found.Info, body);
            }

            // The object was replaced or deleted between reading its row and opening its body: read the row again.
            // The same row naming the same missing body twice is damage, not a race.
            if (found.Blob == missing)
            {
                throw new StorageException(
                    $"the body of object '{key}' in bucket '{bucket}' is missing: {_blobs.PathOf(found.Blob)}. " +
                    "Restore it from a backup, or delete the object.");
            }

            missing = found.Blob;
        }
    }

    public async Task<bool> DeleteAsync(string bucket, string key, ObjectChangeOrigin? origin, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM objects WHERE bucket = $bucket AND key = $key RETURNING blob;";
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string blob)
        {
            return false;
        }

        var recorded = await ObjectChangeLog.RecordAsync(
            connection, transaction, bucket, key, ObjectEventNames.Delete, 0, null, _time.GetUtcNow(), origin, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (recorded)
        {
            SignalChange();
        }

        _blobs.Delete(blob);
        return true;
    }

    public async Task<ObjectInfo?> CopyAsync(
        string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replace, ObjectChangeOrigin? origin, CancellationToken cancellationToken)
    {
        RequireWellFormed(key);
        // The source stays readable while it is copied, even if it is replaced or deleted meanwhile.
        await using var source = await OpenAsync(sourceBucket, sourceKey, cancellationToken);
        if (source is null || await GetBucketAsync(bucket, cancellationToken) is null)
        {
            return null;
        }

        var from = source.Info;
        // The bytes do not change, so neither do the checksums that describe them, unless the caller gives new ones. A
        // composite checksum (…-N) describes a multipart object's parts, which the copy, one body, does not have.
        var checksums = from.Checksums.Where(c => !c.Value.Contains('-', StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);
        var write = replace is null
            ? new ObjectWrite
            {
                Bucket = bucket,
                Key = key,
                ContentType = from.ContentType,
                Headers = from.Headers,
                Metadata = from.Metadata,
                Checksums = checksums,
                Origin = origin,
            }
            : replace with
            {
                Bucket = bucket,
                Key = key,
                Checksums = replace.Checksums.Count > 0 ? replace.Checksums : checksums,
                Origin = origin,
            };
        return await StoreAsync(write, source.Body, ObjectEventNames.Copy, cancellationToken);
    }

    public async Task<ObjectPage> ListAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _database.OpenAsync(cancellationToken);
        // One read transaction: the page's range scans all see one snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await ObjectListing.ReadPageAsync(
            query, (range, token) => ScanAsync(connection, transaction, query.Bucket, range, token), cancellationToken);
    }

    private async Task<ObjectInfo?> StoreAsync(ObjectWrite write, Stream body, string eventName, CancellationToken cancellationToken)
    {
        var id = _blobs.Reserve();
        try
        {
            var written = await _blobs.WriteAsync(id, body, cancellationToken);
            var info = new ObjectInfo
            {
                Bucket = write.Bucket,
                Key = write.Key,
                Size = written.Size,
                ETag = $"\"{written.Md5}\"",
                LastModified = _time.GetUtcNow(),
                ContentType = write.ContentType ?? DefaultContentType,
                Headers = new Dictionary<string, string>(write.Headers, StringComparer.Ordinal),
                Metadata = new Dictionary<string, string>(write.Metadata, StringComparer.Ordinal),
                Checksums = new Dictionary<string, string>(write.Checksums, StringComparer.Ordinal),
            };

            (bool Stored, string? Replaced) outcome;
            try
            {
                outcome = await CommitAsync(info, id, eventName, write.Origin, cancellationToken);
            }
            catch
            {
                _blobs.Delete(id);
                throw;
            }

            if (!outcome.Stored)
            {
                _blobs.Delete(id);
                return null;
            }

            if (outcome.Replaced is { } replaced)
            {
                _blobs.Delete(replaced);
            }

            return info;
        }
        finally
        {
            _blobs.Release(id);
        }
    }

    /// <summary>Points the object's row at the body <paramref name="blob"/>; says whether the bucket was still there and which body the row named before.</summary>
    private async Task<(bool Stored, string? Replaced)> CommitAsync(
        ObjectInfo info, string blob, string eventName, ObjectChangeOrigin? origin, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        // IMMEDIATE: the replaced body read here is the one this commit replaces, whatever other writers of the key do.
        await using var transaction = connection.BeginTransaction(deferred: false);
        string? replaced;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT blob FROM objects WHERE bucket = $bucket AND key = $key;";
            read.Parameters.AddWithValue("$bucket", info.Bucket);
            read.Parameters.AddWithValue("$key", info.Key);
            replaced = await read.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (!await ObjectRows.UpsertAsync(connection, transaction, info, blob, cancellationToken))
        {
            return (false, null);
        }

        var recorded = await ObjectChangeLog.RecordAsync(
            connection, transaction, info.Bucket, info.Key, eventName, info.Size, info.ETag, info.LastModified, origin, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (recorded)
        {
            SignalChange();
        }

        return (true, replaced);
    }

    private async Task<(ObjectInfo Info, string Blob)?> ReadObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ObjectRows.ColumnsWithPartSizes} FROM objects WHERE bucket = $bucket AND key = $key;";
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (ObjectRows.ReadWithPartSizes(reader), ObjectRows.BlobOf(reader)) : null;
    }

    private static async IAsyncEnumerable<ObjectInfo> ScanAsync(
        SqliteConnection connection, SqliteTransaction transaction, string bucket, KeyRange range,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ScanSql(range);
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$from", range.From);
        if (range.Before is { } before)
        {
            command.Parameters.AddWithValue("$before", before);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ObjectRows.Read(reader);
        }
    }

    /// <summary>
    /// The scan of one range: both bounds are plain comparisons on the key (no "OR $x IS NULL"), so SQLite seeks the
    /// (bucket, key) primary key index to the lower bound and stops at the upper one.
    /// </summary>
    internal static string ScanSql(KeyRange range) => $"""
        SELECT {ObjectRows.Columns} FROM objects
        WHERE bucket = $bucket AND key {(range.FromInclusive ? ">=" : ">")} $from{(range.Before is null ? "" : " AND key < $before")}
        ORDER BY key;
        """;

    private async Task<IReadOnlyList<BucketInfo>> ReadBucketsAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, tenant_id, created_at, region FROM buckets {where};";
        command.Parameters.AddWithValue("$value", value);
        var found = new List<BucketInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new BucketInfo(reader.GetString(1), reader.GetString(0), StoredTime.Parse(reader.GetString(2)), reader.GetString(3)));
        }

        return found;
    }

    private static void RequireWellFormed(string key) => ObjectKeys.RequireWellFormed(key);
}
