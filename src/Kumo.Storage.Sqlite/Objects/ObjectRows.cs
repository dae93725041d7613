using System.Globalization;
using System.Text.Json;
using Kumo.Abstractions.Objects;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>Rows of the <c>objects</c> table: the columns in the order <see cref="Read"/> expects them, the JSON of the maps, and the upsert of a row.</summary>
internal static class ObjectRows
{
    public const string Columns = "bucket, key, size, etag, content_type, headers, metadata, checksums, part_count, last_modified, blob";

    /// <summary><see cref="Columns"/> and then the part sizes, which only a read of one object needs (<see cref="ReadWithPartSizes"/>).</summary>
    public const string ColumnsWithPartSizes = Columns + ", part_sizes";

    public static ObjectInfo Read(SqliteDataReader reader) => new()
    {
        Bucket = reader.GetString(0),
        Key = reader.GetString(1),
        Size = reader.GetInt64(2),
        ETag = reader.GetString(3),
        ContentType = reader.GetString(4),
        Headers = FromJson(reader.GetString(5)),
        Metadata = FromJson(reader.GetString(6)),
        Checksums = FromJson(reader.GetString(7)),
        PartCount = reader.GetInt32(8),
        LastModified = StoredTime.Parse(reader.GetString(9)),
    };

    /// <summary>A row read with <see cref="ColumnsWithPartSizes"/>.</summary>
    public static ObjectInfo ReadWithPartSizes(SqliteDataReader reader) =>
        Read(reader) with { PartSizes = reader.IsDBNull(11) ? [] : ParseSizes(reader.GetString(11)) };

    /// <summary>The id of the file that holds the body of the row <see cref="Read"/> read.</summary>
    public static string BlobOf(SqliteDataReader reader) => reader.GetString(10);

    public static string ToJson(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values, StringComparer.Ordinal), StorageJsonContext.Default.DictionaryStringString);

    public static Dictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringString) ?? [];

    /// <summary>
    /// Inserts or replaces the row of <paramref name="info"/>'s key, pointing at the body <paramref name="blob"/>, inside
    /// <paramref name="transaction"/>; false when the bucket does not exist.
    /// </summary>
    public static async Task<bool> UpsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, ObjectInfo info, string blob, CancellationToken cancellationToken)
    {
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = $"""
            INSERT INTO objects ({ColumnsWithPartSizes})
            SELECT $bucket, $key, $size, $etag, $content_type, $headers, $metadata, $checksums, $part_count, $last_modified, $blob, $part_sizes
            WHERE EXISTS (SELECT 1 FROM buckets WHERE name = $bucket)
            ON CONFLICT (bucket, key) DO UPDATE SET
                size = excluded.size, etag = excluded.etag, content_type = excluded.content_type,
                headers = excluded.headers, metadata = excluded.metadata, checksums = excluded.checksums,
                part_count = excluded.part_count, last_modified = excluded.last_modified, blob = excluded.blob,
                part_sizes = excluded.part_sizes;
            """;
        var parameters = upsert.Parameters;
        parameters.AddWithValue("$bucket", info.Bucket);
        parameters.AddWithValue("$key", info.Key);
        parameters.AddWithValue("$size", info.Size);
        parameters.AddWithValue("$etag", info.ETag);
        parameters.AddWithValue("$content_type", info.ContentType);
        parameters.AddWithValue("$headers", ToJson(info.Headers));
        parameters.AddWithValue("$metadata", ToJson(info.Metadata));
        parameters.AddWithValue("$checksums", ToJson(info.Checksums));
        parameters.AddWithValue("$part_count", info.PartCount);
        parameters.AddWithValue("$last_modified", StoredTime.Format(info.LastModified));
        parameters.AddWithValue("$blob", blob);
        parameters.AddWithValue("$part_sizes", info.PartSizes.Count == 0 ? DBNull.Value : FormatSizes(info.PartSizes));
        return await upsert.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    // Part sizes as decimal numbers separated by commas: a 10,000-part object's list is at most ~110 KB.
    private static string FormatSizes(IReadOnlyList<long> sizes) => string.Join(',', sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    private static long[] ParseSizes(string text) =>
        text.Split(',').Select(s => long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
}
