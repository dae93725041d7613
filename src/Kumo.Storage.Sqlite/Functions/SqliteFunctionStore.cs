using System.Text.Json;
using Kumo.Abstractions.Functions;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Functions;

/// <summary>Functions in the <c>functions</c> table, one row per tenant and name.</summary>
internal sealed class SqliteFunctionStore(SqliteDatabase database) : IFunctionStore
{
    private const int MaxPageSize = 10_000;

    private const string Columns = """
        tenant_id, name, runtime, handler, role, description, memory_mb, timeout_seconds, ephemeral_storage_mb,
        environment, code_sha256, code_size, state, state_reason, last_update_status, last_update_status_reason,
        revision_id, last_modified, tags, reserved_concurrency, keep_alive_policy, keep_alive_idle_timeout_seconds
        """;

    public async Task<bool> CreateAsync(FunctionConfiguration function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO functions ({Columns})
            VALUES ($tenant_id, $name, $runtime, $handler, $role, $description, $memory_mb, $timeout_seconds,
                    $ephemeral_storage_mb, $environment, $code_sha256, $code_size, $state, $state_reason,
                    $last_update_status, $last_update_status_reason, $revision_id, $last_modified, $tags,
                    $reserved_concurrency, $keep_alive_policy, $keep_alive_idle_timeout_seconds)
            ON CONFLICT (tenant_id, name) DO NOTHING;
            """;
        Bind(command, function);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<FunctionConfiguration?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM functions WHERE tenant_id = $tenant_id AND name = $name;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$name", name);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<FunctionPage> ListAsync(string tenantId, string? marker, int maxItems, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(maxItems, 1, MaxPageSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var after = marker is null ? "" : "AND name > $marker";
        // One more than the page: when it comes back, there is a next page.
        command.CommandText = $"""
            SELECT {Columns} FROM functions
            WHERE tenant_id = $tenant_id {after}
            ORDER BY name COLLATE BINARY
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        if (marker is not null)
        {
            command.Parameters.AddWithValue("$marker", marker);
        }

        var functions = await ReadAllAsync(command, cancellationToken);
        if (functions.Count <= pageSize)
        {
            return new FunctionPage(functions, NextMarker: null);
        }

        functions.RemoveAt(pageSize);
        return new FunctionPage(functions, functions[^1].Name);
    }

    public async Task<bool> UpdateAsync(FunctionConfiguration function, string expectedRevisionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE functions SET
                runtime = $runtime, handler = $handler, role = $role, description = $description,
                memory_mb = $memory_mb, timeout_seconds = $timeout_seconds, ephemeral_storage_mb = $ephemeral_storage_mb,
                environment = $environment, code_sha256 = $code_sha256, code_size = $code_size, state = $state,
                state_reason = $state_reason, last_update_status = $last_update_status,
                last_update_status_reason = $last_update_status_reason, revision_id = $revision_id,
                last_modified = $last_modified, tags = $tags, reserved_concurrency = $reserved_concurrency,
                keep_alive_policy = $keep_alive_policy, keep_alive_idle_timeout_seconds = $keep_alive_idle_timeout_seconds
            WHERE tenant_id = $tenant_id AND name = $name AND revision_id = $expected_revision_id;
            """;
        Bind(command, function);
        command.Parameters.AddWithValue("$expected_revision_id", expectedRevisionId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM functions WHERE tenant_id = $tenant_id AND name = $name;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<FunctionConfiguration>> ListPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // A literal, not a parameter: only then can SQLite use the partial index functions_pending.
        command.CommandText = $"SELECT {Columns} FROM functions WHERE state = 'Pending' OR last_update_status = 'InProgress' ORDER BY tenant_id, name;";
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> IsPackageInUseAsync(string codeSha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM functions WHERE code_sha256 = $code_sha256);";
        command.Parameters.AddWithValue("$code_sha256", codeSha256);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    private static void Bind(SqliteCommand command, FunctionConfiguration function)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("$tenant_id", function.TenantId);
        parameters.AddWithValue("$name", function.Name);
        parameters.AddWithValue("$runtime", function.Runtime);
        parameters.AddWithValue("$handler", function.Handler);
        parameters.AddWithValue("$role", (object?)function.Role ?? DBNull.Value);
        parameters.AddWithValue("$description", function.Description);
        parameters.AddWithValue("$memory_mb", function.MemoryMb);
        parameters.AddWithValue("$timeout_seconds", function.TimeoutSeconds);
        parameters.AddWithValue("$ephemeral_storage_mb", function.EphemeralStorageMb);
        parameters.AddWithValue("$environment", ToJson(function.Environment));
        parameters.AddWithValue("$code_sha256", function.CodeSha256);
        parameters.AddWithValue("$code_size", function.CodeSize);
        parameters.AddWithValue("$state", function.State.ToString());
        parameters.AddWithValue("$state_reason", (object?)function.StateReason ?? DBNull.Value);
        parameters.AddWithValue("$last_update_status", function.LastUpdateStatus.ToString());
        parameters.AddWithValue("$last_update_status_reason", (object?)function.LastUpdateStatusReason ?? DBNull.Value);
        parameters.AddWithValue("$revision_id", function.RevisionId);
        parameters.AddWithValue("$last_modified", StoredTime.Format(function.LastModified));
        parameters.AddWithValue("$tags", ToJson(function.Tags));
        parameters.AddWithValue("$reserved_concurrency", (object?)function.ReservedConcurrency ?? DBNull.Value);
        parameters.AddWithValue("$keep_alive_policy", (object?)function.KeepAlive.Policy?.ToString() ?? DBNull.Value);
        parameters.AddWithValue("$keep_alive_idle_timeout_seconds", (object?)function.KeepAlive.IdleTimeoutSeconds ?? DBNull.Value);
    }

    private static async Task<List<FunctionConfiguration>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var functions = new List<FunctionConfiguration>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            functions.Add(Read(reader));
        }

        return functions;
    }

    // The column order is that of Columns.
    private static FunctionConfiguration Read(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Name = reader.GetString(1),
        Runtime = reader.GetString(2),
        Handler = reader.GetString(3),
        Role = reader.IsDBNull(4) ? null : reader.GetString(4),
        Description = reader.GetString(5),
        MemoryMb = reader.GetInt32(6),
        TimeoutSeconds = reader.GetInt32(7),
        EphemeralStorageMb = reader.GetInt32(8),
        Environment = FromJson(reader.GetString(9)),
        CodeSha256 = reader.GetString(10),
        CodeSize = reader.GetInt64(11),
        State = Enum.Parse<FunctionState>(reader.GetString(12)),
        StateReason = reader.IsDBNull(13) ? null : reader.GetString(13),
        LastUpdateStatus = Enum.Parse<LastUpdateStatus>(reader.GetString(14)),
        LastUpdateStatusReason = reader.IsDBNull(15) ? null : reader.GetString(15),
        RevisionId = reader.GetString(16),
        LastModified = StoredTime.Parse(reader.GetString(17)),
        Tags = FromJson(reader.GetString(18)),
        ReservedConcurrency = reader.IsDBNull(19) ? null : reader.GetInt32(19),
        KeepAlive = ReadKeepAlive(reader),
    };

    private static KeepAliveConfig ReadKeepAlive(SqliteDataReader reader) =>
        reader.IsDBNull(20) && reader.IsDBNull(21)
            ? KeepAliveConfig.Platform
            : new KeepAliveConfig
            {
                Policy = reader.IsDBNull(20) ? null : Enum.Parse<KeepAlivePolicy>(reader.GetString(20)),
                IdleTimeoutSeconds = reader.IsDBNull(21) ? null : reader.GetInt32(21),
            };

    private static string ToJson(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values, StringComparer.Ordinal), StorageJsonContext.Default.DictionaryStringString);

    private static Dictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringString) ?? [];
}
