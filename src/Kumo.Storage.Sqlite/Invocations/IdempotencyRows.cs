using Kumo.Abstractions.Invocations;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Invocations;

/// <summary>Reads rows of the <c>idempotency_keys</c> table, for the event queue and the idempotency store.</summary>
internal static class IdempotencyRows
{
    public const string Columns = "request_id, kind, function_name, response, function_error, executed_version, log, completed_at";

    /// <summary>The holder in the command's first row, or null when there is none.</summary>
    /// <param name="command">A command whose last statement selects <see cref="Columns"/>.</param>
    /// <param name="claimant">The request that asked: the holder is <see cref="IdempotencyHolder.Claimed"/> when it is this one.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async Task<IdempotencyHolder?> ReadAsync(SqliteCommand command, string claimant, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var requestId = reader.GetString(0);
        var kind = Enum.Parse<IdempotencyKind>(reader.GetString(1));
        StoredInvokeResponse? response = reader.IsDBNull(7)
            ? null
            : new StoredInvokeResponse(
                reader.IsDBNull(3) ? [] : (byte[])reader.GetValue(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? "$LATEST" : reader.GetString(5),
                reader.IsDBNull(6) ? "" : reader.GetString(6));
        return new IdempotencyHolder(requestId, kind, reader.IsDBNull(2) ? null : reader.GetString(2))
        {
            Claimed = requestId == claimant,
            Response = response,
        };
    }
}
