using System.Text.Json;
using Kumo.Abstractions.Http;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Http;

/// <summary>
/// Routes in the <c>http_routes</c> table (a static route's bucket and prefix in <c>static_bucket</c> and
/// <c>static_prefix</c>, its <c>function_name</c> empty). Every change bumps the single row of <c>http_route_changes</c> in the
/// same transaction, so a node that caches the routes knows when to read them again.
/// </summary>
internal sealed class SqliteRouteStore(SqliteDatabase database) : IRouteStore
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private const string Columns = """
        tenant_id, route_id, app, method, path, function_name, qualifier, payload_format, timeout_seconds, created_at,
        authorization_type, authorizer_name, authorization_scopes, api_key_required, rate_limit, static_bucket, static_prefix
        """;

    private const string BumpVersion = "UPDATE http_route_changes SET version = version + 1 WHERE id = 1;";

    public async Task<bool> AddAsync(HttpRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO http_routes ({Columns})
            VALUES ($tenant_id, $route_id, $app, $method, $path, $function_name, $qualifier, $payload_format, $timeout_seconds, $created_at,
                    $authorization_type, $authorizer_name, $authorization_scopes, $api_key_required, $rate_limit, $static_bucket, $static_prefix);
            {BumpVersion}
            """;
        var parameters = command.Parameters;
        parameters.AddWithValue("$tenant_id", route.TenantId);
        parameters.AddWithValue("$route_id", route.RouteId);
        parameters.AddWithValue("$app", route.App);
        parameters.AddWithValue("$method", route.Method);
        parameters.AddWithValue("$path", route.Path);
        parameters.AddWithValue("$function_name", route.FunctionName);
        parameters.AddWithValue("$qualifier", (object?)route.Qualifier ?? DBNull.Value);
        parameters.AddWithValue("$payload_format", route.PayloadFormat);
        parameters.AddWithValue("$timeout_seconds", (object?)route.TimeoutSeconds ?? DBNull.Value);
        parameters.AddWithValue("$created_at", StoredTime.Format(route.CreatedAt));
        parameters.AddWithValue("$authorization_type", route.AuthorizationType);
        parameters.AddWithValue("$authorizer_name", (object?)route.AuthorizerName ?? DBNull.Value);
        parameters.AddWithValue("$authorization_scopes", route.AuthorizationScopes.Count > 0
            ? JsonSerializer.Serialize(route.AuthorizationScopes.ToArray(), StorageJsonContext.Default.StringArray)
            : DBNull.Value);
        parameters.AddWithValue("$api_key_required", route.ApiKeyRequired ? 1 : 0);
        parameters.AddWithValue("$rate_limit", route.RateLimit is { } limit
            ? JsonSerializer.Serialize(limit, StorageJsonContext.Default.RateLimit)
            : DBNull.Value);
        parameters.AddWithValue("$static_bucket", (object?)route.StaticBucket ?? DBNull.Value);
        parameters.AddWithValue("$static_prefix", (object?)route.StaticPrefix ?? DBNull.Value);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<HttpRoute>> ListAsync(string tenantId, string? app, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM http_routes
            WHERE tenant_id = $tenant_id AND ($app IS NULL OR app = $app)
            ORDER BY app, path, method;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$app", (object?)app ?? DBNull.Value);
        var found = new List<HttpRoute>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new HttpRoute
            {
                TenantId = reader.GetString(0),
                RouteId = reader.GetString(1),
                App = reader.GetString(2),
                Method = reader.GetString(3),
                Path = reader.GetString(4),
                FunctionName = reader.GetString(5),
                Qualifier = reader.IsDBNull(6) ? null : reader.GetString(6),
                PayloadFormat = reader.GetString(7),
                TimeoutSeconds = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                CreatedAt = StoredTime.Parse(reader.GetString(9)),
                AuthorizationType = reader.GetString(10),
                AuthorizerName = reader.IsDBNull(11) ? null : reader.GetString(11),
                AuthorizationScopes = reader.IsDBNull(12) ? [] : JsonSerializer.Deserialize(reader.GetString(12), StorageJsonContext.Default.StringArray) ?? [],
                ApiKeyRequired = reader.GetInt64(13) != 0,
                RateLimit = reader.IsDBNull(14) ? null : JsonSerializer.Deserialize(reader.GetString(14), StorageJsonContext.Default.RateLimit),
                StaticBucket = reader.IsDBNull(15) ? null : reader.GetString(15),
                StaticPrefix = reader.IsDBNull(16) ? null : reader.GetString(16),
            });
        }

        return found;
    }

    public async Task<bool> DeleteAsync(string tenantId, string routeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM http_routes WHERE tenant_id = $tenant_id AND route_id = $route_id;";
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$route_id", routeId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await using var bump = connection.CreateCommand();
        bump.Transaction = transaction;
        bump.CommandText = BumpVersion;
        await bump.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<long> GetVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM http_route_changes WHERE id = 1;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
