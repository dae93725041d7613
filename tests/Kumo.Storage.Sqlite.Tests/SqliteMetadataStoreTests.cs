using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Migrations;
using Kumo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests;

public sealed class SqliteMetadataStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private SqliteMetadataStore NewStore() =>
        new(new SqliteDatabase(_data.Path), TimeProvider.System, NullLogger<SqliteMetadataStore>.Instance);

    private async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_data.Combine(SqliteDatabase.FileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task InitializeAsync_NewDirectory_CreatesDatabaseInWalModeAtLatestSchema()
    {
        using var store = NewStore();

        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal("wal", await QueryAsync<string>("PRAGMA journal_mode;"));
        Assert.Equal(SchemaMigrations.Latest, (int)await QueryAsync<long>("SELECT MAX(version) FROM schema_migrations;"));
        var description = await store.DescribeAsync(CancellationToken.None);
        Assert.Equal(new StoreDescription("sqlite", _data.Combine(SqliteDatabase.FileName), SchemaMigrations.Latest), description);
    }

    [Fact]
    public async Task InitializeAsync_Twice_AppliesEachMigrationOnce()
    {
        using (var first = NewStore())
        {
            await first.InitializeAsync(CancellationToken.None);
        }

        using var second = NewStore();
        await second.InitializeAsync(CancellationToken.None);

        Assert.Equal(SchemaMigrations.All.Count, (int)await QueryAsync<long>("SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task InitializeAsync_SchemaFromNewerKumo_RefusesWithClearMessage()
    {
        using (var store = NewStore())
        {
            await store.InitializeAsync(CancellationToken.None);
        }

        await QueryAsync<long>($"INSERT INTO schema_migrations VALUES ({SchemaMigrations.Latest + 1}, 'future', 'now'); SELECT 1;");

        using var older = NewStore();
        var error = await Assert.ThrowsAsync<StorageException>(() => older.InitializeAsync(CancellationToken.None));
        Assert.Contains("newer Kumo", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {SchemaMigrations.Latest + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_FileIsNotADatabase_RefusesWithClearMessage()
    {
        await File.WriteAllTextAsync(_data.Combine(SqliteDatabase.FileName), "this is not a database, but it is long enough to look like a header");
        using var store = NewStore();

        var error = await Assert.ThrowsAsync<StorageException>(() => store.InitializeAsync(CancellationToken.None));

        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInstallationIdAsync_AcrossRestarts_StaysTheSame()
    {
        string first;
        using (var store = NewStore())
        {
            await store.InitializeAsync(CancellationToken.None);
            first = await store.GetInstallationIdAsync(CancellationToken.None);
        }

        using var again = NewStore();
        await again.InitializeAsync(CancellationToken.None);
        var second = await again.GetInstallationIdAsync(CancellationToken.None);

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GetInstallationIdAsync_ConcurrentFirstCalls_AgreeOnOneId()
    {
        using var setup = NewStore();
        await setup.InitializeAsync(CancellationToken.None);

        var stores = Enumerable.Range(0, 8).Select(_ => NewStore()).ToList();
        var ids = await Task.WhenAll(stores.Select(s => Task.Run(() => s.GetInstallationIdAsync(CancellationToken.None))));
        stores.ForEach(s => s.Dispose());

        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task Dispose_AfterUse_ClosesConnectionsSoTheWalIsCheckpointedAway()
    {
        using (var store = NewStore())
        {
            await store.InitializeAsync(CancellationToken.None);
            _ = await store.GetInstallationIdAsync(CancellationToken.None);
            Assert.True(File.Exists(_data.Combine(SqliteDatabase.FileName + "-wal")));
        }

        Assert.False(File.Exists(_data.Combine(SqliteDatabase.FileName + "-wal")));
    }
}
