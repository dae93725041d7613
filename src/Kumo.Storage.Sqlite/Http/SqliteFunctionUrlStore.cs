using System.Text.Json;
using Kumo.Abstractions.Http;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Http;

/// <summary>Function URL configurations in the <c>function_urls</c> table; CORS is kept as JSON text.</summary>
internal sealed class SqliteFunctionUrlStore(SqliteDatabase database) : IFunctionUrlStore
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private const string Columns = """
        tenant_id, function_name, qualifier, url_id, auth_type, cors, invoke_mode, created_at, last_modified
        """;

    public async Task<bool> CreateAsync(FunctionUrlConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO function_urls ({Columns})
            VALUES ($tenant_id, $function_name, $qualifier, $url_id, $auth_type, $cors, $invoke_mode, $created_at, $last_modified);
            """;
        Bind(command, config);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            return false;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            // 32 random characters: a clash means a broken random source, not a user's mistake.
            throw new InvalidOperationException($"the function URL id '{config.UrlId}' is already in use.", e);
        }
    }

    public async Task<FunctionUrlConfig?> GetAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM function_urls
            WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
        command.Parameters.AddWithValue("$qualifier", qualifier);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<FunctionUrlConfig?> FindAsync(string urlId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM function_urls WHERE url_id = $url_id;";
        command.Parameters.AddWithValue("$url_id", urlId);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> UpdateAsync(FunctionUrlConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE function_urls
            SET auth_type = $auth_type, cors = $cors, invoke_mode = $invoke_mode, last_modified = $last_modified
            WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier;
            """;
        Bind(command, config);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM function_urls WHERE tenant_id = $tenant_id AND function_name = $function_name AND qualifier = $qualifier;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
        command.Parameters.AddWithValue("$qualifier", qualifier);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM function_urls WHERE tenant_id = $tenant_id AND function_name = $function_name;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FunctionUrlConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM function_urls WHERE tenant_id = $tenant_id AND function_name = $function_name ORDER BY qualifier;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$function_name", functionName);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static void Bind(SqliteCommand command, FunctionUrlConfig config)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("$tenant_id", config.TenantId);
        parameters.AddWithValue("$function_name", config.FunctionName);
        parameters.AddWithValue("$qualifier", config.Qualifier);
        parameters.AddWithValue("$url_id", config.UrlId);
        parameters.AddWithValue("$auth_type", config.AuthType);
        parameters.AddWithValue("$cors", config.Cors is { } cors
            ? JsonSerializer.Serialize(cors, StorageJsonContext.Default.CorsConfig)
            : DBNull.Value);
        parameters.AddWithValue("$invoke_mode", config.InvokeMode);
        parameters.AddWithValue("$created_at", StoredTime.Format(config.CreatedAt));
        parameters.AddWithValue("$last_modified", StoredTime.Format(config.LastModified));
    }

    private static async Task<List<FunctionUrlConfig>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var found = new List<FunctionUrlConfig>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new FunctionUrlConfig
            {
                TenantId = reader.GetString(0),
                FunctionName = reader.GetString(1),
                Qualifier = reader.GetString(2),
                UrlId = reader.GetString(3),
                AuthType = reader.GetString(4),
                Cors = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize(reader.GetString(5), StorageJsonContext.Default.CorsConfig),
                InvokeMode = reader.GetString(6),
                CreatedAt = StoredTime.Parse(reader.GetString(7)),
                LastModified = StoredTime.Parse(reader.GetString(8)),
            });
        }

        return found;
    }
}
