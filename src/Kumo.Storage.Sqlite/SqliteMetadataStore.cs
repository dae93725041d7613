using System.Globalization;
using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kumo.Storage.Sqlite;

/// <summary>Kumo's metadata in one SQLite file, in WAL mode, with the schema kept by <see cref="SchemaMigrations"/>.</summary>
internal sealed partial class SqliteMetadataStore(
    SqliteDatabase database,
    TimeProvider time,
    ILogger<SqliteMetadataStore> logger) : IMetadataStore, IDisposable
{
    private const string InstallationIdKey = "installation_id";
    private const int SqliteNotADatabase = 26;

    private string? _installationId;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await EnableWriteAheadLogAsync(connection, cancellationToken);
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    INTEGER PRIMARY KEY NOT NULL,
                        name       TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    ) STRICT;
                    """;
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var current = await ReadSchemaVersionAsync(connection, cancellationToken);
            if (current > SchemaMigrations.Latest)
            {
                throw new StorageException(
                    $"the metadata database {database.Path} has schema version {current}, written by a newer Kumo; " +
                    $"this Kumo knows versions up to {SchemaMigrations.Latest}. Run the newer Kumo, or choose another data directory.");
            }

            foreach (var migration in SchemaMigrations.All.Where(m => m.Version > current))
            {
                await ApplyAsync(connection, migration, cancellationToken);
                LogMigrationApplied(logger, migration.Version, migration.Name);
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteNotADatabase)
        {
            throw new StorageException(
                $"{database.Path} is not a SQLite database (it may be damaged or not Kumo's). Move it away, or choose another data directory.", e);
        }
        catch (SqliteException e)
        {
            throw new StorageException($"cannot open the metadata database {database.Path}: {e.Message}", e);
        }
    }

    public async Task<string> GetInstallationIdAsync(CancellationToken cancellationToken)
    {
        if (_installationId is { } known)
        {
            return known;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO platform_settings (key, value, updated_at) VALUES ($key, $value, $now)
            ON CONFLICT (key) DO NOTHING;
            SELECT value FROM platform_settings WHERE key = $key;
            """;
        command.Parameters.AddWithValue("$key", InstallationIdKey);
        command.Parameters.AddWithValue("$value", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        var id = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        _installationId = id;
        return id;
    }

    public async Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var version = await ReadSchemaVersionAsync(connection, cancellationToken);
        return new StoreDescription("sqlite", database.Path, version);
    }

    public void Dispose() => database.Close();

    private static async Task EnableWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageException(
                $"the metadata database {connection.DataSource} cannot use write-ahead logging (journal mode stays '{mode}'); " +
                "put the data directory on a local file system.");
        }
    }

    private static async Task<int> ReadSchemaVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task ApplyAsync(SqliteConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        // Deferred would let two starters both read the old version; IMMEDIATE takes the write lock first.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var begin = connection.CreateCommand())
        {
            begin.Transaction = transaction;
            begin.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
            var now = Convert.ToInt32(await begin.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (now >= migration.Version)
            {
                return;
            }
        }

        await using (var step = connection.CreateCommand())
        {
            step.Transaction = transaction;
            step.CommandText = migration.Sql;
            await step.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at);";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$name", migration.Name);
            record.Parameters.AddWithValue("$at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(EventId = EventIds.MigrationApplied, Level = LogLevel.Information,
        Message = "Applied metadata schema migration {Version} ({Name})")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string name);
}
