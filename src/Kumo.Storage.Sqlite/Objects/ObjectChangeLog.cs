using Kumo.Abstractions.Objects;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// The <c>object_changes</c> table: a change is written in the transaction that makes it, and only when the bucket
/// has a notification configuration, so a committed change never misses its notification and buckets without one
/// pay a single indexed lookup. The change keeps that configuration and the bucket's region with it, so deleting
/// (or re-creating) the bucket before the change is handed on does not change which functions it reaches.
/// </summary>
internal static class ObjectChangeLog
{
    private const string Columns = "seq, tenant_id, bucket, key, event_name, size, etag, changed_at, request_id, source_ip, trace_header, notification, region";

    /// <summary>Records a change inside <paramref name="transaction"/>; true when the bucket wanted it recorded.</summary>
    public static async Task<bool> RecordAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string bucket,
        string key,
        string eventName,
        long size,
        string? quotedETag,
        DateTimeOffset time,
        ObjectChangeOrigin? origin,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO object_changes (tenant_id, bucket, key, event_name, size, etag, changed_at, request_id, source_ip, trace_header, notification, region)
            SELECT b.tenant_id, b.name, $key, $event_name, $size, $etag, $changed_at, $request_id, $source_ip, $trace_header, s.document, b.region
            FROM buckets b JOIN bucket_settings s ON s.bucket = b.name AND s.name = '{BucketSettings.Notification}'
            WHERE b.name = $bucket;
            """;
        var parameters = command.Parameters;
        parameters.AddWithValue("$bucket", bucket);
        parameters.AddWithValue("$key", key);
        parameters.AddWithValue("$event_name", eventName);
        parameters.AddWithValue("$size", size);
        parameters.AddWithValue("$etag", (object?)quotedETag?.Trim('"') ?? DBNull.Value);
        parameters.AddWithValue("$changed_at", StoredTime.Format(time));
        parameters.AddWithValue("$request_id", (object?)origin?.RequestId ?? DBNull.Value);
        parameters.AddWithValue("$source_ip", (object?)origin?.SourceIp ?? DBNull.Value);
        parameters.AddWithValue("$trace_header", (object?)origin?.TraceHeader ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The oldest changes, in order.</summary>
    public static async Task<IReadOnlyList<ObjectChange>> ReadAsync(SqliteConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM object_changes ORDER BY seq LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit);
        var changes = new List<ObjectChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var requestId = reader.IsDBNull(8) ? null : reader.GetString(8);
            changes.Add(new ObjectChange
            {
                Sequence = reader.GetInt64(0),
                TenantId = reader.GetString(1),
                Bucket = reader.GetString(2),
                Key = reader.GetString(3),
                EventName = reader.GetString(4),
                Size = reader.GetInt64(5),
                ETag = reader.IsDBNull(6) ? null : reader.GetString(6),
                Time = StoredTime.Parse(reader.GetString(7)),
                Origin = requestId is null ? null : new ObjectChangeOrigin(
                    requestId, reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10)),
                Notification = reader.IsDBNull(11) ? null : reader.GetString(11),
                Region = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return changes;
    }

    /// <summary>Deletes the acknowledged changes.</summary>
    public static async Task AcknowledgeAsync(SqliteConnection connection, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM object_changes WHERE seq = $seq;";
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        foreach (var sequence in sequences)
        {
            seq.Value = sequence;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
