using System.Text.Json;
using Kumo.Abstractions.Http;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Http;

/// <summary>
/// Apps' HTTP settings in the <c>http_apps</c> table, one JSON document per app. Every change bumps
/// <c>http_route_changes</c>, which route caches watch.
/// </summary>
internal sealed class SqliteHttpAppStore(SqliteDatabase database) : IHttpAppStore
{
    public async Task<HttpApp?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT settings FROM http_apps WHERE tenant_id = $tenant_id AND name = $name;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.HttpApp)
            : null;
    }

    public async Task PutAsync(HttpApp app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO http_apps (tenant_id, name, settings, last_modified) VALUES ($tenant_id, $name, $settings, $last_modified)
            ON CONFLICT (tenant_id, name) DO UPDATE SET settings = excluded.settings, last_modified = excluded.last_modified;
            UPDATE http_route_changes SET version = version + 1 WHERE id = 1;
            """;
        command.Parameters.AddWithValue("$tenant_id", app.TenantId);
        command.Parameters.AddWithValue("$name", app.Name);
        command.Parameters.AddWithValue("$settings", JsonSerializer.Serialize(app, StorageJsonContext.Default.HttpApp));
        command.Parameters.AddWithValue("$last_modified", StoredTime.Format(app.LastModified));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM http_apps WHERE tenant_id = $tenant_id AND name = $name;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$name", name);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await using var bump = connection.CreateCommand();
        bump.Transaction = transaction;
        bump.CommandText = "UPDATE http_route_changes SET version = version + 1 WHERE id = 1;";
        await bump.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<HttpApp>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT settings FROM http_apps WHERE tenant_id = $tenant_id ORDER BY name;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        var found = new List<HttpApp>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (JsonSerializer.Deserialize(reader.GetString(0), StorageJsonContext.Default.HttpApp) is { } app)
            {
                found.Add(app);
            }
        }

        return found;
    }
}
