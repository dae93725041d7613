using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Invocations;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Events;

/// <summary>
/// Asynchronous events in the <c>async_events</c> table. A lease is taken in an IMMEDIATE transaction, which holds
/// the database's single write lock from its first statement, so two dispatchers never take the same event.
/// </summary>
internal sealed class SqliteEventQueue(SqliteDatabase database) : IEventQueue
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int MaxListed = 1000;

    private const string Columns = """
        tenant_id, request_id, function_name, qualifier, payload, amzn_trace_id, trace_parent, enqueued_at,
        next_attempt_at, attempts, status, lease_owner, lease_until, last_error, finished_at, triggered_by
        """;

    public async Task EnqueueAsync(QueuedEvent queuedEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queuedEvent);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO async_events ({Columns})
            VALUES ($tenant_id, $request_id, $function_name, $qualifier, $payload, $amzn_trace_id, $trace_parent,
                    $enqueued_at, $next_attempt_at, $attempts, $status, $lease_owner, $lease_until, $last_error,
                    $finished_at, $triggered_by);
            """;
        Bind(command, queuedEvent);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new StorageException(
                $"tenant '{queuedEvent.TenantId}' already has a queued event with request id '{queuedEvent.RequestId}'; request ids must be unique.", e);
        }
    }

    public async Task<IdempotencyHolder> EnqueueOnceAsync(
        QueuedEvent queuedEvent, string idempotencyKey, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queuedEvent);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        await using var connection = await database.OpenAsync(cancellationToken);
        // IMMEDIATE: the write lock first, so concurrent repeats take turns and exactly one claims the key.
        await using var transaction = connection.BeginTransaction(deferred: false);
        IdempotencyHolder holder;
        await using (var claim = connection.CreateCommand())
        {
            claim.Transaction = transaction;
            claim.CommandText = $"""
                DELETE FROM idempotency_keys WHERE claimed_at < $forget_before;
                INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_id, claimed_at, kind, function_name)
                VALUES ($tenant_id, $key, $request_id, $now, 'Event', $function_name)
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING;
                SELECT {IdempotencyRows.Columns} FROM idempotency_keys WHERE tenant_id = $tenant_id AND idempotency_key = $key;
                """;
            claim.Parameters.AddWithValue("$tenant_id", queuedEvent.TenantId);
            claim.Parameters.AddWithValue("$key", idempotencyKey);
            claim.Parameters.AddWithValue("$request_id", queuedEvent.RequestId);
            claim.Parameters.AddWithValue("$function_name", queuedEvent.FunctionName);
            claim.Parameters.AddWithValue("$now", StoredTime.Format(queuedEvent.EnqueuedAt));
            claim.Parameters.AddWithValue("$forget_before", StoredTime.Format(queuedEvent.EnqueuedAt - window));
            holder = (await IdempotencyRows.ReadAsync(claim, queuedEvent.RequestId, cancellationToken))!;
        }

        if (holder.Claimed)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO async_events ({Columns})
                VALUES ($tenant_id, $request_id, $function_name, $qualifier, $payload, $amzn_trace_id, $trace_parent,
                        $enqueued_at, $next_attempt_at, $attempts, $status, $lease_owner, $lease_until, $last_error,
                        $finished_at, $triggered_by);
                """;
            Bind(insert, queuedEvent);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return holder;
    }

    public async Task<IReadOnlyList<QueuedEvent>> LeaseAsync(
        string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (max <= 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Status literals, not parameters: only then can SQLite use the indexes on status.
        command.CommandText = $"""
            UPDATE async_events SET status = 'Running', lease_owner = $owner, lease_until = $lease_until
            WHERE rowid IN (
                SELECT rowid FROM async_events
                WHERE (status = 'Queued' AND next_attempt_at <= $now) OR (status = 'Running' AND lease_until < $now)
                ORDER BY next_attempt_at
                LIMIT $max)
            RETURNING {Columns};
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$lease_until", StoredTime.Format(leaseUntil));
        command.Parameters.AddWithValue("$now", StoredTime.Format(now));
        command.Parameters.AddWithValue("$max", max);
        var leased = await ReadAllAsync(command, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // RETURNING gives rows in no promised order.
        return [.. leased.OrderBy(e => e.NextAttemptAt)];
    }

    public async Task<bool> SaveResultAsync(string tenantId, string requestId, string owner, ReadOnlyMemory<byte> result, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE async_events SET result = $result
            WHERE tenant_id = $tenant_id AND request_id = $request_id AND status = 'Running' AND lease_owner = $owner;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$request_id", requestId);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.Add("$result", SqliteType.Blob).Value = result.ToArray();
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<byte[]?> GetResultAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT result FROM async_events
            WHERE tenant_id = $tenant_id AND request_id = $request_id AND status = 'Succeeded';
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$request_id", requestId);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<bool> FinishAsync(
        string tenantId,
        string requestId,
        string owner,
        QueuedEventStatus status,
        int attempts,
        string? lastError,
        DateTimeOffset finishedAt,
        CancellationToken cancellationToken)
    {
        if (status is QueuedEventStatus.Queued or QueuedEventStatus.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "an event finishes with a final status.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE async_events SET
                status = $status, attempts = $attempts, last_error = $last_error, finished_at = $finished_at,
                lease_owner = NULL, lease_until = NULL
            WHERE tenant_id = $tenant_id AND request_id = $request_id AND status = 'Running' AND lease_owner = $owner;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$request_id", requestId);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$status", status.ToString());
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$last_error", (object?)lastError ?? DBNull.Value);
        command.Parameters.AddWithValue("$finished_at", StoredTime.Format(finishedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RequeueAsync(
        string tenantId,
        string requestId,
        string owner,
        DateTimeOffset nextAttemptAt,
        int attempts,
        string? lastError,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE async_events SET
                status = 'Queued', next_attempt_at = $next_attempt_at, attempts = $attempts, last_error = $last_error,
                lease_owner = NULL, lease_until = NULL
            WHERE tenant_id = $tenant_id AND request_id = $request_id AND status = 'Running' AND lease_owner = $owner;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$request_id", requestId);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$next_attempt_at", StoredTime.Format(nextAttemptAt));
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$last_error", (object?)lastError ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> RecoverAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE async_events SET
                status = 'Queued', next_attempt_at = $now, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL
            WHERE status = 'Running';
            """;
        command.Parameters.AddWithValue("$now", StoredTime.Format(now));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<QueuedEvent?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM async_events WHERE tenant_id = $tenant_id AND request_id = $request_id;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$request_id", requestId);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<QueuedEvent>> ListAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM async_events WHERE tenant_id = $tenant_id");
        command.Parameters.AddWithValue("$tenant_id", query.TenantId);
        if (query.FunctionName is { } functionName)
        {
            sql.Append(" AND function_name = $function_name");
            command.Parameters.AddWithValue("$function_name", functionName);
        }

        if (query.Statuses is { } statuses)
        {
            sql.Append(" AND status IN (SELECT value FROM json_each($statuses))");
            string[] names = [.. statuses.Distinct().Select(s => s.ToString())];
            command.Parameters.AddWithValue("$statuses", JsonSerializer.Serialize(names, StorageJsonContext.Default.StringArray));
        }

        // rowid breaks ties between events enqueued at the same time: the later stored comes first.
        sql.Append(" ORDER BY enqueued_at DESC, rowid DESC LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, MaxListed));
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RedriveAsync(
        string tenantId,
        string? functionName,
        IReadOnlyCollection<string>? requestIds,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("""
            UPDATE async_events SET
                status = 'Queued', next_attempt_at = $now, enqueued_at = $now, finished_at = NULL,
                lease_owner = NULL, lease_until = NULL
            WHERE tenant_id = $tenant_id AND status IN ('Failed', 'Expired')
            """);
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$now", StoredTime.Format(now));
        if (requestIds is not null)
        {
            sql.Append(" AND request_id IN (SELECT value FROM json_each($request_ids))");
            command.Parameters.AddWithValue("$request_ids", JsonSerializer.Serialize(requestIds.ToArray(), StorageJsonContext.Default.StringArray));
        }
        else if (functionName is not null)
        {
            sql.Append(" AND function_name = $function_name");
            command.Parameters.AddWithValue("$function_name", functionName);
        }

        sql.Append(" RETURNING request_id;");
        command.CommandText = sql.ToString();
        var redriven = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                redriven.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        // RETURNING gives rows in no promised order.
        redriven.Sort(StringComparer.Ordinal);
        return redriven;
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM async_events WHERE status IN ('Queued', 'Running');";
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void Bind(SqliteCommand command, QueuedEvent queuedEvent)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("$tenant_id", queuedEvent.TenantId);
        parameters.AddWithValue("$request_id", queuedEvent.RequestId);
        parameters.AddWithValue("$function_name", queuedEvent.FunctionName);
        parameters.AddWithValue("$qualifier", (object?)queuedEvent.Qualifier ?? DBNull.Value);
        parameters.Add("$payload", SqliteType.Blob).Value = queuedEvent.Payload.ToArray();
        parameters.AddWithValue("$amzn_trace_id", (object?)queuedEvent.AmznTraceId ?? DBNull.Value);
        parameters.AddWithValue("$trace_parent", (object?)queuedEvent.TraceParent ?? DBNull.Value);
        parameters.AddWithValue("$enqueued_at", StoredTime.Format(queuedEvent.EnqueuedAt));
        parameters.AddWithValue("$next_attempt_at", StoredTime.Format(queuedEvent.NextAttemptAt));
        parameters.AddWithValue("$attempts", queuedEvent.Attempts);
        parameters.AddWithValue("$status", queuedEvent.Status.ToString());
        parameters.AddWithValue("$lease_owner", (object?)queuedEvent.LeaseOwner ?? DBNull.Value);
        parameters.AddWithValue("$lease_until", queuedEvent.LeaseUntil is { } leaseUntil ? StoredTime.Format(leaseUntil) : DBNull.Value);
        parameters.AddWithValue("$last_error", (object?)queuedEvent.LastError ?? DBNull.Value);
        parameters.AddWithValue("$finished_at", queuedEvent.FinishedAt is { } finishedAt ? StoredTime.Format(finishedAt) : DBNull.Value);
        parameters.AddWithValue("$triggered_by", queuedEvent.Trigger);
    }

    private static async Task<List<QueuedEvent>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var events = new List<QueuedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(reader));
        }

        return events;
    }

    // The column order is that of Columns.
    private static QueuedEvent Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        RequestId = reader.GetString(1),
        FunctionName = reader.GetString(2),
        Qualifier = reader.IsDBNull(3) ? null : reader.GetString(3),
        Payload = reader.GetFieldValue<byte[]>(4),
        AmznTraceId = reader.IsDBNull(5) ? null : reader.GetString(5),
        TraceParent = reader.IsDBNull(6) ? null : reader.GetString(6),
        EnqueuedAt = StoredTime.Parse(reader.GetString(7)),
        NextAttemptAt = StoredTime.Parse(reader.GetString(8)),
        Attempts = reader.GetInt32(9),
        Status = Enum.Parse<QueuedEventStatus>(reader.GetString(10)),
        LeaseOwner = reader.IsDBNull(11) ? null : reader.GetString(11),
        LeaseUntil = reader.IsDBNull(12) ? null : StoredTime.Parse(reader.GetString(12)),
        LastError = reader.IsDBNull(13) ? null : reader.GetString(13),
        FinishedAt = reader.IsDBNull(14) ? null : StoredTime.Parse(reader.GetString(14)),
        Trigger = reader.GetString(15),
    };
}
