using Kumo.Abstractions.Events;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Events;

/// <summary>Functions' asynchronous invocation configurations in the <c>event_invoke_configs</c> table.</summary>
internal sealed class SqliteEventInvokeConfigStore(SqliteDatabase database) : IEventInvokeConfigStore
{
    private const string Columns = """
        tenant_id, function_name, qualifier, maximum_retry_attempts, maximum_event_age_seconds,
        on_success_destination, on_failure_destination, last_modified
        """;

    public async Task<EventInvokeConfig?> GetAsync(
        string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM event_invoke_configs
            WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier;
            """;
        BindKey(command, tenantId, functionName);
        command.Parameters.AddWithValue("$qualifier", qualifier);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task PutAsync(EventInvokeConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO event_invoke_configs ({Columns})
            VALUES ($tenant_id, $function_name, $qualifier, $maximum_retry_attempts, $maximum_event_age_seconds,
                    $on_success_destination, $on_failure_destination, $last_modified)
            ON CONFLICT (tenant_id, function_name, qualifier) DO UPDATE SET
                maximum_retry_attempts = excluded.maximum_retry_attempts,
                maximum_event_age_seconds = excluded.maximum_event_age_seconds,
                on_success_destination = excluded.on_success_destination,
                on_failure_destination = excluded.on_failure_destination,
                last_modified = excluded.last_modified;
            """;
        var parameters = command.Parameters;
        BindKey(command, config.TenantId, config.FunctionName);
        parameters.AddWithValue("$qualifier", config.Qualifier);
        parameters.AddWithValue("$maximum_retry_attempts", (object?)config.MaximumRetryAttempts ?? DBNull.Value);
        parameters.AddWithValue("$maximum_event_age_seconds", (object?)config.MaximumEventAgeInSeconds ?? DBNull.Value);
        parameters.AddWithValue("$on_success_destination", (object?)config.OnSuccessDestination ?? DBNull.Value);
        parameters.AddWithValue("$on_failure_destination", (object?)config.OnFailureDestination ?? DBNull.Value);
        parameters.AddWithValue("$last_modified", StoredTime.Format(config.LastModified));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(
        string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM event_invoke_configs
            WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier;
            """;
        BindKey(command, tenantId, functionName);
        command.Parameters.AddWithValue("$qualifier", qualifier);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<EventInvokeConfig>> ListAsync(
        string tenantId, string functionName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM event_invoke_configs
            WHERE tenant_id = $tenant_id AND function_name = $function_name
            ORDER BY qualifier;
            """;
        BindKey(command, tenantId, functionName);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<int> DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM event_invoke_configs WHERE tenant_id = $tenant_id AND function_name = $function_name;";
        BindKey(command, tenantId, functionName);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void BindKey(SqliteCommand command, string tenantId, string functionName)
    {
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
    }

    private static async Task<List<EventInvokeConfig>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var configs = new List<EventInvokeConfig>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            configs.Add(Read(reader));
        }

        return configs;
    }

    // The column order is that of Columns.
    private static EventInvokeConfig Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        FunctionName = reader.GetString(1),
        Qualifier = reader.GetString(2),
        MaximumRetryAttempts = reader.IsDBNull(3) ? null : reader.GetInt32(3),
        MaximumEventAgeInSeconds = reader.IsDBNull(4) ? null : reader.GetInt32(4),
        OnSuccessDestination = reader.IsDBNull(5) ? null : reader.GetString(5),
        OnFailureDestination = reader.IsDBNull(6) ? null : reader.GetString(6),
        LastModified = StoredTime.Parse(reader.GetString(7)),
    };
}
