using System.Globalization;
using System.Security.Cryptography;
using Kumo.Abstractions.Objects;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>Rows of the <c>multipart_uploads</c> and <c>multipart_parts</c> tables, and upload ids.</summary>
internal static class MultipartRows
{
    public const string UploadColumns = "upload_id, bucket, key, initiated, content_type, headers, metadata, checksum_algorithm, checksum_type";

    public const string PartColumns = "part_number, size, etag, last_modified, checksums, blob";

    /// <summary>
    /// A new upload id: the start time's ticks and 64 random bits, in lowercase hex (32 digits), so ids sort in the
    /// order uploads were started, as ListMultipartUploads lists one key's uploads, and no one can guess another's.
    /// </summary>
    public static string NewUploadId(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return now.UtcTicks.ToString("x16", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(random);
    }

    public static MultipartUpload ReadUpload(SqliteDataReader reader) => new()
    {
        UploadId = reader.GetString(0),
        Bucket = reader.GetString(1),
        Key = reader.GetString(2),
        Initiated = StoredTime.Parse(reader.GetString(3)),
        ContentType = reader.IsDBNull(4) ? null : reader.GetString(4),
        Headers = ObjectRows.FromJson(reader.GetString(5)),
        Metadata = ObjectRows.FromJson(reader.GetString(6)),
        ChecksumAlgorithm = reader.IsDBNull(7) ? null : reader.GetString(7),
        ChecksumType = reader.IsDBNull(8) ? null : reader.GetString(8),
    };

    public static PartInfo ReadPart(SqliteDataReader reader) => new(
        reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), StoredTime.Parse(reader.GetString(3)), ObjectRows.FromJson(reader.GetString(4)));

    /// <summary>The id of the body of the part row <see cref="ReadPart"/> read.</summary>
    public static string BlobOf(SqliteDataReader reader) => reader.GetString(5);

    public static async Task<MultipartUpload?> ReadUploadAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {MultipartRows.UploadColumns} FROM multipart_uploads WHERE upload_id = $upload_id AND bucket = $bucket AND key = $key;";
        command.Parameters.AddWithValue("$upload_id", uploadId);
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? MultipartRows.ReadUpload(reader) : null;
    }

    public static async Task<Dictionary<int, (PartInfo Part, string Blob)>> ReadPartsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string uploadId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {MultipartRows.PartColumns} FROM multipart_parts WHERE upload_id = $upload_id;";
        command.Parameters.AddWithValue("$upload_id", uploadId);
        var parts = new Dictionary<int, (PartInfo, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var part = MultipartRows.ReadPart(reader);
            parts[part.PartNumber] = (part, MultipartRows.BlobOf(reader));
        }

        return parts;
    }

    /// <summary>Deletes the upload's rows inside <paramref name="transaction"/>; gives its parts' bodies.</summary>
    public static async Task<IReadOnlyList<string>> DeleteRowsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string uploadId, CancellationToken cancellationToken)
    {
        await using var parts = connection.CreateCommand();
        parts.Transaction = transaction;
        parts.CommandText = "DELETE FROM multipart_parts WHERE upload_id = $upload_id RETURNING blob;";
        parts.Parameters.AddWithValue("$upload_id", uploadId);
        var bodies = await ReadStringsAsync(parts, cancellationToken);
        await using var upload = connection.CreateCommand();
        upload.Transaction = transaction;
        upload.CommandText = "DELETE FROM multipart_uploads WHERE upload_id = $upload_id;";
        upload.Parameters.AddWithValue("$upload_id", uploadId);
        await upload.ExecuteNonQueryAsync(cancellationToken);
        return bodies;
    }

    public static async Task<List<string>> ReadStringsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
