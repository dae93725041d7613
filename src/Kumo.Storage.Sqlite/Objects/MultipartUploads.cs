using System.Runtime.CompilerServices;
using Kumo.Abstractions.Objects;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// The multipart uploads of <see cref="SqliteObjectStore"/>: an upload is a row of <c>multipart_uploads</c>, each part a
/// row of <c>multipart_parts</c> naming a body in <see cref="ObjectBlobs"/>, written as an object body is (aside,
/// flushed, renamed, then the row in an IMMEDIATE transaction that checks the upload is still there and reads the
/// body it replaces, which is unlinked after the commit). Aborting deletes the rows, then the bodies. A crash leaves
/// only files no row names, which the start-up cleanup removes. Completing is <see cref="MultipartCompletions"/>.
/// </summary>
internal sealed class MultipartUploads(SqliteDatabase database, ObjectBlobs blobs, TimeProvider time)
{
    public async Task<MultipartUpload?> CreateAsync(NewMultipartUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ObjectKeys.RequireWellFormed(upload.Key);
        var now = time.GetUtcNow();
        var created = new MultipartUpload
        {
            UploadId = MultipartRows.NewUploadId(now),
            Bucket = upload.Bucket,
            Key = upload.Key,
            Initiated = now,
            ContentType = upload.ContentType,
            Headers = new Dictionary<string, string>(upload.Headers, StringComparer.Ordinal),
            Metadata = new Dictionary<string, string>(upload.Metadata, StringComparer.Ordinal),
            ChecksumAlgorithm = upload.ChecksumAlgorithm,
            ChecksumType = upload.ChecksumType,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO multipart_uploads ({MultipartRows.UploadColumns})
            SELECT $upload_id, $bucket, $key, $initiated, $content_type, $headers, $metadata, $checksum_algorithm, $checksum_type
            WHERE EXISTS (SELECT 1 FROM buckets WHERE name = $bucket);
            """;
        var parameters = command.Parameters;
        parameters.AddWithValue("$upload_id", created.UploadId);
        parameters.AddWithValue("$bucket", created.Bucket);
        parameters.AddWithValue("$key", created.Key);
        parameters.AddWithValue("$initiated", StoredTime.Format(now));
        parameters.AddWithValue("$content_type", (object?)created.ContentType ?? DBNull.Value);
        parameters.AddWithValue("$headers", ObjectRows.ToJson(created.Headers));
        parameters.AddWithValue("$metadata", ObjectRows.ToJson(created.Metadata));
        parameters.AddWithValue("$checksum_algorithm", (object?)created.ChecksumAlgorithm ?? DBNull.Value);
        parameters.AddWithValue("$checksum_type", (object?)created.ChecksumType ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? null : created;
    }

    public async Task<MultipartUpload?> GetAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await MultipartRows.ReadUploadAsync(connection, null, bucket, key, uploadId, cancellationToken);
    }

    public async Task<PartInfo?> PutPartAsync(PartWrite write, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(write.PartNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(write.PartNumber, 10_000);
        // Not worth streaming gigabytes for an upload that is not there; the commit checks again.
        if (await GetAsync(write.Bucket, write.Key, write.UploadId, cancellationToken) is null)
        {
            return null;
        }

        var id = blobs.Reserve();
        try
        {
            var written = await blobs.WriteAsync(id, body, cancellationToken);
            var part = new PartInfo(
                write.PartNumber, written.Size, $"\"{written.Md5}\"", time.GetUtcNow(), new Dictionary<string, string>(write.Checksums, StringComparer.Ordinal));
            (bool Stored, string? Replaced) outcome;
            try
            {
                outcome = await CommitPartAsync(write, part, id, cancellationToken);
            }
            catch
            {
                blobs.Delete(id);
                throw;
            }

            if (!outcome.Stored)
            {
                blobs.Delete(id);
                return null;
            }

            if (outcome.Replaced is { } replaced)
            {
                blobs.Delete(replaced);
            }

            return part;
        }
        finally
        {
            blobs.Release(id);
        }
    }

    public async Task<PartPage> ListPartsAsync(string uploadId, int after, int maxParts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxParts, 10_000);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {MultipartRows.PartColumns} FROM multipart_parts
            WHERE upload_id = $upload_id AND part_number > $after ORDER BY part_number LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$upload_id", uploadId);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", maxParts + 1);
        var parts = new List<PartInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            parts.Add(MultipartRows.ReadPart(reader));
        }

        var truncated = parts.Count > maxParts;
        return new PartPage(truncated ? parts[..maxParts] : parts, truncated);
    }

    public async Task<UploadPage> ListAsync(UploadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        // One read transaction: the page's range scans all see one snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await UploadListing.ReadPageAsync(
            query, (range, token) => ScanAsync(connection, transaction, query.Bucket, range, token), cancellationToken);
    }

    public async Task<bool> AbortAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await MultipartRows.ReadUploadAsync(connection, transaction, bucket, key, uploadId, cancellationToken) is null)
        {
            return false;
        }

        var bodies = await MultipartRows.DeleteRowsAsync(connection, transaction, uploadId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var blob in bodies)
        {
            blobs.Delete(blob);
        }

        return true;
    }

    /// <summary>Removes the rows of every upload in <paramref name="bucket"/> inside <paramref name="transaction"/>; gives their parts' bodies to unlink after the commit.</summary>
    public static async Task<IReadOnlyList<string>> DeleteOfBucketAsync(
        SqliteConnection connection, SqliteTransaction transaction, string bucket, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM multipart_parts WHERE upload_id IN (SELECT upload_id FROM multipart_uploads WHERE bucket = $bucket) RETURNING blob;
            """;
        command.Parameters.AddWithValue("$bucket", bucket);
        var bodies = await MultipartRows.ReadStringsAsync(command, cancellationToken);
        await using var uploads = connection.CreateCommand();
        uploads.Transaction = transaction;
        uploads.CommandText = "DELETE FROM multipart_uploads WHERE bucket = $bucket;";
        uploads.Parameters.AddWithValue("$bucket", bucket);
        await uploads.ExecuteNonQueryAsync(cancellationToken);
        return bodies;
    }

    /// <summary>Points the part's row at the body <paramref name="blob"/>; says whether the upload was still there and which body the row named before.</summary>
    private async Task<(bool Stored, string? Replaced)> CommitPartAsync(PartWrite write, PartInfo part, string blob, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // IMMEDIATE: the replaced body read here is the one this commit replaces, whatever other writers of the part do.
        await using var transaction = connection.BeginTransaction(deferred: false);
        string? replaced;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT blob FROM multipart_parts WHERE upload_id = $upload_id AND part_number = $part_number;";
            read.Parameters.AddWithValue("$upload_id", write.UploadId);
            read.Parameters.AddWithValue("$part_number", write.PartNumber);
            replaced = await read.ExecuteScalarAsync(cancellationToken) as string;
        }

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = $"""
            INSERT INTO multipart_parts (upload_id, {MultipartRows.PartColumns})
            SELECT $upload_id, $part_number, $size, $etag, $last_modified, $checksums, $blob
            WHERE EXISTS (SELECT 1 FROM multipart_uploads WHERE upload_id = $upload_id AND bucket = $bucket AND key = $key)
            ON CONFLICT (upload_id, part_number) DO UPDATE SET
                size = excluded.size, etag = excluded.etag, last_modified = excluded.last_modified,
                checksums = excluded.checksums, blob = excluded.blob;
            """;
        var parameters = upsert.Parameters;
        parameters.AddWithValue("$upload_id", write.UploadId);
        parameters.AddWithValue("$bucket", write.Bucket);
        parameters.AddWithValue("$key", write.Key);
        parameters.AddWithValue("$part_number", part.PartNumber);
        parameters.AddWithValue("$size", part.Size);
        parameters.AddWithValue("$etag", part.ETag);
        parameters.AddWithValue("$last_modified", StoredTime.Format(part.LastModified));
        parameters.AddWithValue("$checksums", ObjectRows.ToJson(part.Checksums));
        parameters.AddWithValue("$blob", blob);
        if (await upsert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return (false, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return (true, replaced);
    }

    private static async IAsyncEnumerable<MultipartUpload> ScanAsync(
        SqliteConnection connection, SqliteTransaction transaction, string bucket, UploadRange range,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var from = (range.FromInclusive, range.AfterUploadId) switch
        {
            (true, null) => "key >= $from",
            (true, _) => "(key > $from OR (key = $from AND upload_id > $after_id))",
            _ => "key > $from",
        };
        command.CommandText = $"""
            SELECT {MultipartRows.UploadColumns} FROM multipart_uploads
            WHERE bucket = $bucket AND {from}{(range.Before is null ? "" : " AND key < $before")}
            ORDER BY key, upload_id;
            """;
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$from", range.From);
        if (range.AfterUploadId is { } afterId)
        {
            command.Parameters.AddWithValue("$after_id", afterId);
        }

        if (range.Before is { } before)
        {
            command.Parameters.AddWithValue("$before", before);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return MultipartRows.ReadUpload(reader);
        }
    }
}
