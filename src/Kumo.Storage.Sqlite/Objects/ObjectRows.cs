using System.Text.Json;
using Kumo.Abstractions.Objects;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>Rows of the <c>objects</c> table: the columns in the order <see cref="Read"/> expects them, and the JSON of the maps.</summary>
internal static class ObjectRows
{
    public const string Columns = "bucket, key, size, etag, content_type, headers, metadata, checksums, part_count, last_modified, blob";

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

    /// <summary>The id of the file that holds the body of the row <see cref="Read"/> read.</summary>
    public static string BlobOf(SqliteDataReader reader) => reader.GetString(10);

    public static string ToJson(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values, StringComparer.Ordinal), StorageJsonContext.Default.DictionaryStringString);

    private static Dictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringString) ?? [];
}
