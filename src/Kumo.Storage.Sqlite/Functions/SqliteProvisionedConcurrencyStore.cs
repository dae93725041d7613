using Kumo.Abstractions.Functions;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Functions;

/// <summary>
/// Provisioned concurrency settings in the <c>provisioned_concurrency_configs</c> table, one row per tenant,
/// function and qualifier. A foreign key on <c>functions</c> deletes a function's settings in the same statement
/// that deletes the function.
/// </summary>
internal sealed class SqliteProvisionedConcurrencyStore(SqliteDatabase database) : IProvisionedConcurrencyStore
{
    private const int SqliteConstraintForeignKey = 787;

    private const string Columns = """
        tenant_id, function_name, qualifier, requested, allocated, available, status, status_reason, last_modified
        """;

    public async Task<ProvisionedConcurrencyConfig> PutAsync(
        string tenantId, string functionName, string qualifier, int requested, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var previous = await ReadOneAsync(connection, transaction, tenantId, functionName, qualifier, cancellationToken);

        // Each put is strictly later than the one before, even on a clock that stood still or stepped back: the
        // worker's report names the put it answers by this time, and must never pass for the answer to a newer one.
        var lastModified = previous is not null && now <= previous.LastModified ? previous.LastModified.AddTicks(1) : now;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO provisioned_concurrency_configs ({Columns})
            VALUES ($tenant_id, $function_name, $qualifier, $requested, 0, 0, $status, NULL, $last_modified)
            ON CONFLICT (tenant_id, function_name, qualifier) DO UPDATE SET
                requested = excluded.requested,
                status = excluded.status,
                status_reason = NULL,
                last_modified = excluded.last_modified;
            """;
        BindKey(command, tenantId, functionName, qualifier);
        command.Parameters.AddWithValue("$requested", requested);
        command.Parameters.AddWithValue("$status", nameof(ProvisionedConcurrencyStatus.InProgress));
        command.Parameters.AddWithValue("$last_modified", StoredTime.Format(lastModified));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintForeignKey)
        {
            // The function was deleted after the caller looked it up.
            throw new FunctionRequestException(FunctionErrorKind.NotFound, $"Function not found: {functionName}");
        }

        var stored = await ReadOneAsync(connection, transaction, tenantId, functionName, qualifier, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored!;
    }

    public async Task<ProvisionedConcurrencyConfig?> GetAsync(
        string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadOneAsync(connection, transaction: null, tenantId, functionName, qualifier, cancellationToken);
    }

    public async Task<IReadOnlyList<ProvisionedConcurrencyConfig>> ListAsync(
        string tenantId, string functionName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM provisioned_concurrency_configs
            WHERE tenant_id = $tenant_id AND function_name = $function_name
            ORDER BY qualifier COLLATE BINARY;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ProvisionedConcurrencyConfig>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM provisioned_concurrency_configs
            ORDER BY tenant_id COLLATE BINARY, function_name COLLATE BINARY, qualifier COLLATE BINARY;
            """;
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM provisioned_concurrency_configs
            WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier;
            """;
        BindKey(command, tenantId, functionName, qualifier);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM provisioned_concurrency_configs WHERE tenant_id = $tenant_id AND function_name = $function_name;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateStatusAsync(
        string tenantId,
        string functionName,
        string qualifier,
        DateTimeOffset requestedAt,
        int allocated,
        int available,
        ProvisionedConcurrencyStatus status,
        string? statusReason,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Times are stored as same-width UTC text, so the text comparison is the time comparison.
        command.CommandText = """
            UPDATE provisioned_concurrency_configs SET
                allocated = $allocated, available = $available, status = $status, status_reason = $status_reason
            WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier
              AND last_modified <= $requested_at;
            """;
        BindKey(command, tenantId, functionName, qualifier);
        command.Parameters.AddWithValue("$requested_at", StoredTime.Format(requestedAt));
        command.Parameters.AddWithValue("$allocated", allocated);
        command.Parameters.AddWithValue("$available", available);
        command.Parameters.AddWithValue("$status", status.ToString());
        command.Parameters.AddWithValue("$status_reason", (object?)statusReason ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ProvisionedConcurrencyConfig?> ReadOneAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string tenantId,
        string functionName,
        string qualifier,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT {Columns} FROM provisioned_concurrency_configs
            WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier;
            """;
        BindKey(command, tenantId, functionName, qualifier);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private static void BindKey(SqliteCommand command, string tenantId, string functionName, string qualifier)
    {
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
        command.Parameters.AddWithValue("$qualifier", qualifier);
    }

    private static async Task<List<ProvisionedConcurrencyConfig>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var configs = new List<ProvisionedConcurrencyConfig>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            configs.Add(Read(reader));
        }

        return configs;
    }

    // The column order is that of Columns.
    private static ProvisionedConcurrencyConfig Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        FunctionName = reader.GetString(1),
        Qualifier = reader.GetString(2),
        Requested = reader.GetInt32(3),
        Allocated = reader.GetInt32(4),
        Available = reader.GetInt32(5),
        Status = Enum.Parse<ProvisionedConcurrencyStatus>(reader.GetString(6)),
        StatusReason = reader.IsDBNull(7) ? null : reader.GetString(7),
        LastModified = StoredTime.Parse(reader.GetString(8)),
    };
}
