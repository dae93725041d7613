using Kumo.Abstractions.Invocations;

namespace Kumo.Storage.Sqlite.Invocations;

/// <summary>
/// Idempotency keys of synchronous invocations in the <c>idempotency_keys</c> table, which asynchronous ones share
/// (<see cref="Events.SqliteEventQueue"/>). Claims run in IMMEDIATE transactions: concurrent claims take turns on
/// the write lock, so one wins.
/// </summary>
internal sealed class SqliteIdempotencyStore(SqliteDatabase database, TimeProvider time) : IIdempotencyStore
{
    public async Task<IdempotencyHolder> ClaimAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentException.ThrowIfNullOrEmpty(claim.Key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Forget keys past the window; take over an abandoned synchronous claim of the same function (its run died
        // with its process and will never complete it); claim a free key; then read whoever holds it.
        command.CommandText = $"""
            DELETE FROM idempotency_keys WHERE claimed_at < $forget_before;
            UPDATE idempotency_keys SET request_id = $request_id, claimed_at = $now
            WHERE tenant_id = $tenant_id AND idempotency_key = $key AND kind = 'Sync' AND completed_at IS NULL
              AND function_name = $function_name AND claimed_at < $abandoned_before;
            INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_id, claimed_at, kind, function_name)
            VALUES ($tenant_id, $key, $request_id, $now, 'Sync', $function_name)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING;
            SELECT {IdempotencyRows.Columns} FROM idempotency_keys WHERE tenant_id = $tenant_id AND idempotency_key = $key;
            """;
        var parameters = command.Parameters;
        parameters.AddWithValue("$tenant_id", claim.TenantId);
        parameters.AddWithValue("$key", claim.Key);
        parameters.AddWithValue("$request_id", claim.RequestId);
        parameters.AddWithValue("$function_name", claim.FunctionName);
        parameters.AddWithValue("$now", StoredTime.Format(claim.Now));
        parameters.AddWithValue("$forget_before", StoredTime.Format(claim.Now - claim.Window));
        parameters.AddWithValue("$abandoned_before", StoredTime.Format(claim.AbandonedBefore));
        var holder = await IdempotencyRows.ReadAsync(command, claim.RequestId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return holder!;
    }

    public async Task<bool> CompleteAsync(
        string tenantId, string key, string requestId, StoredInvokeResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE idempotency_keys
            SET response = $response, function_error = $function_error, executed_version = $executed_version, log = $log,
                completed_at = $completed_at
            WHERE tenant_id = $tenant_id AND idempotency_key = $key AND request_id = $request_id AND completed_at IS NULL;
            """;
        var parameters = command.Parameters;
        parameters.AddWithValue("$tenant_id", tenantId);
        parameters.AddWithValue("$key", key);
        parameters.AddWithValue("$request_id", requestId);
        parameters.AddWithValue("$response", response.Payload);
        parameters.AddWithValue("$function_error", (object?)response.FunctionError ?? DBNull.Value);
        parameters.AddWithValue("$executed_version", response.ExecutedVersion);
        parameters.AddWithValue("$log", response.Log);
        parameters.AddWithValue("$completed_at", StoredTime.Format(time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseAsync(string tenantId, string key, string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM idempotency_keys
            WHERE tenant_id = $tenant_id AND idempotency_key = $key AND request_id = $request_id AND completed_at IS NULL;
            """;
        command.Parameters.AddWithValue("$tenant_id", tenantId);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$request_id", requestId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
