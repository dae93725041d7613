using System.Text;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Storage;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Invocations;

/// <summary>Invocation records in the <c>invocations</c> table and their logs in <c>log_lines</c>.</summary>
internal sealed class SqliteInvocationStore(SqliteDatabase database) : IInvocationStore
{
    private const int MaxRecords = 1000;
    private const int MaxLogLines = 10_000;
    private const int SqliteConstraintPrimaryKey = 1555;

    private const string Columns = """
        tenant_id, request_id, trace_id, function_name, version, triggered_by, started_at, init_duration_ms,
        duration_ms, billed_duration_ms, memory_size_mb, max_memory_used_mb, cold, outcome, error_type, error_message, attempt,
        start_kind, phases
        """;

    public Task AddAsync(InvocationRecord record, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(lines);
        return AddBatchAsync([(record, lines)], cancellationToken);
    }

    public async Task AddBatchAsync(IReadOnlyList<(InvocationRecord Record, IReadOnlyList<LogLine> Lines)> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        // Two statements prepared once and run for every record and line: the batch costs one commit (one fsync).
        await using var insertRecord = connection.CreateCommand();
        insertRecord.Transaction = transaction;
        insertRecord.CommandText = $"""
            INSERT INTO invocations ({Columns})
            VALUES ($tenant_id, $request_id, $trace_id, $function_name, $version, $triggered_by, $started_at,
                    $init_duration_ms, $duration_ms, $billed_duration_ms, $memory_size_mb, $max_memory_used_mb,
                    $cold, $outcome, $error_type, $error_message, $attempt, $start_kind, $phases);
            """;
        await using var insertLine = connection.CreateCommand();
        insertLine.Transaction = transaction;
        insertLine.CommandText = """
            INSERT INTO log_lines (tenant_id, function_name, request_id, timestamp, text)
            VALUES ($tenant_id, $function_name, $request_id, $timestamp, $text);
            """;
        var tenant = insertLine.Parameters.Add("$tenant_id", SqliteType.Text);
        var function = insertLine.Parameters.Add("$function_name", SqliteType.Text);
        var request = insertLine.Parameters.Add("$request_id", SqliteType.Text);
        var timestamp = insertLine.Parameters.Add("$timestamp", SqliteType.Text);
        var text = insertLine.Parameters.Add("$text", SqliteType.Text);
        foreach (var (record, lines) in batch)
        {
            ArgumentNullException.ThrowIfNull(record);
            ArgumentNullException.ThrowIfNull(lines);
            insertRecord.Parameters.Clear();
            Bind(insertRecord, record);
            try
            {
                await insertRecord.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
            {
                throw new StorageException(
                    $"tenant '{record.TenantId}' already has an invocation record with request id '{record.RequestId}' (attempt {record.Attempt}); request ids must be unique.", e);
            }

            tenant.Value = record.TenantId;
            function.Value = record.FunctionName;
            request.Value = record.RequestId;
            foreach (var line in lines)
            {
                timestamp.Value = StoredTime.Format(line.Timestamp);
                text.Value = line.Text;
                await insertLine.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<InvocationRecord>> ListAsync(InvocationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM invocations WHERE tenant_id = $tenant_id");
        command.Parameters.AddWithValue("$tenant_id", query.TenantId);
        if (query.FunctionName is { } functionName)
        {
            sql.Append(" AND function_name = $function_name");
            command.Parameters.AddWithValue("$function_name", functionName);
        }

        if (query.RequestId is { } requestId)
        {
            sql.Append(" AND request_id = $request_id");
            command.Parameters.AddWithValue("$request_id", requestId);
        }

        if (query.Outcome is { } outcome)
        {
            sql.Append(" AND outcome = $outcome");
            command.Parameters.AddWithValue("$outcome", outcome.ToString());
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND started_at >= $since");
            command.Parameters.AddWithValue("$since", StoredTime.Format(since));
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND started_at < $until");
            command.Parameters.AddWithValue("$until", StoredTime.Format(until));
        }

        if (query.ColdOnly)
        {
            sql.Append(" AND cold = 1");
        }

        // rowid breaks ties between records that started at the same time: the later stored comes first.
        sql.Append(" ORDER BY started_at DESC, rowid DESC LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, MaxRecords));
        command.CommandText = sql.ToString();

        var records = new List<InvocationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    public async Task<InvocationRecord?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The latest attempt: an asynchronous event's retries share its request id.
        command.CommandText = $"SELECT {Columns} FROM invocations WHERE tenant_id = $tenant_id AND request_id = $request_id ORDER BY attempt DESC LIMIT 1;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$request_id", requestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<LogLine>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT seq, tenant_id, function_name, request_id, timestamp, text FROM log_lines
            WHERE tenant_id = $tenant_id
            """);
        command.Parameters.AddWithValue("$tenant_id", query.TenantId);
        if (query.FunctionName is { } functionName)
        {
            sql.Append(" AND function_name = $function_name");
            command.Parameters.AddWithValue("$function_name", functionName);
        }

        if (query.RequestId is { } requestId)
        {
            sql.Append(" AND request_id = $request_id");
            command.Parameters.AddWithValue("$request_id", requestId);
        }

        if (query.AfterSequence is { } afterSequence)
        {
            sql.Append(" AND seq > $after_sequence");
            command.Parameters.AddWithValue("$after_sequence", afterSequence);
        }

        sql.Append(query.Newest ? " ORDER BY seq DESC" : " ORDER BY seq");
        sql.Append(" LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, MaxLogLines));
        command.CommandText = sql.ToString();

        var lines = new List<LogLine>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new LogLine(StoredTime.Parse(reader.GetString(4)), reader.GetString(5))
                {
                    Sequence = reader.GetInt64(0),
                    TenantId = reader.GetString(1),
                    FunctionName = reader.GetString(2),
                    RequestId = reader.GetString(3),
                });
            }
        }

        if (query.Newest)
        {
            lines.Reverse();
        }

        return lines;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var lines = connection.CreateCommand())
        {
            lines.Transaction = transaction;
            lines.CommandText = """
                DELETE FROM log_lines
                WHERE (tenant_id, request_id) IN (SELECT tenant_id, request_id FROM invocations WHERE started_at < $cutoff);
                """;
            lines.Parameters.AddWithValue("$cutoff", StoredTime.Format(cutoff));
            await lines.ExecuteNonQueryAsync(cancellationToken);
        }

        int removed;
        await using (var records = connection.CreateCommand())
        {
            records.Transaction = transaction;
            records.CommandText = "DELETE FROM invocations WHERE started_at < $cutoff;";
            records.Parameters.AddWithValue("$cutoff", StoredTime.Format(cutoff));
            removed = await records.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private static void Bind(SqliteCommand command, InvocationRecord record)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("$tenant_id", record.TenantId);
        parameters.AddWithValue("$request_id", record.RequestId);
        parameters.AddWithValue("$trace_id", record.TraceId);
        parameters.AddWithValue("$function_name", record.FunctionName);
        parameters.AddWithValue("$version", record.Version);
        parameters.AddWithValue("$triggered_by", record.Trigger);
        parameters.AddWithValue("$started_at", StoredTime.Format(record.StartedAt));
        parameters.AddWithValue("$init_duration_ms", (object?)record.InitDurationMs ?? DBNull.Value);
        parameters.AddWithValue("$duration_ms", record.DurationMs);
        parameters.AddWithValue("$billed_duration_ms", record.BilledDurationMs);
        parameters.AddWithValue("$memory_size_mb", record.MemorySizeMb);
        parameters.AddWithValue("$max_memory_used_mb", (object?)record.MaxMemoryUsedMb ?? DBNull.Value);
        parameters.AddWithValue("$cold", record.Cold ? 1 : 0);
        parameters.AddWithValue("$outcome", record.Outcome.ToString());
        parameters.AddWithValue("$error_type", (object?)record.ErrorType ?? DBNull.Value);
        parameters.AddWithValue("$error_message", (object?)record.ErrorMessage ?? DBNull.Value);
        parameters.AddWithValue("$attempt", record.Attempt);
        parameters.AddWithValue("$start_kind", (object?)record.StartKind?.ToString() ?? DBNull.Value);
        parameters.AddWithValue("$phases", record.Phases is { } phases ? (object)StoredPhases.Format(phases) : DBNull.Value);
    }

    // The column order is that of Columns.
    private static InvocationRecord Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        RequestId = reader.GetString(1),
        TraceId = reader.GetString(2),
        FunctionName = reader.GetString(3),
        Version = reader.GetString(4),
        Trigger = reader.GetString(5),
        StartedAt = StoredTime.Parse(reader.GetString(6)),
        InitDurationMs = reader.IsDBNull(7) ? null : reader.GetDouble(7),
        DurationMs = reader.GetDouble(8),
        BilledDurationMs = reader.GetInt64(9),
        MemorySizeMb = reader.GetInt32(10),
        MaxMemoryUsedMb = reader.IsDBNull(11) ? null : reader.GetInt32(11),
        Cold = reader.GetInt64(12) == 1,
        Outcome = Enum.Parse<InvocationOutcome>(reader.GetString(13)),
        ErrorType = reader.IsDBNull(14) ? null : reader.GetString(14),
        ErrorMessage = reader.IsDBNull(15) ? null : reader.GetString(15),
        Attempt = reader.GetInt32(16),
        StartKind = reader.IsDBNull(17) ? null : Enum.Parse<StartKind>(reader.GetString(17)),
        Phases = reader.IsDBNull(18) ? null : StoredPhases.Parse(reader.GetString(18)),
    };
}
