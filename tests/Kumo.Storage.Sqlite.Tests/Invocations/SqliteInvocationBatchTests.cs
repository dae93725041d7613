using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Invocations;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Tests.Invocations;

/// <summary><see cref="SqliteInvocationStore.AddBatchAsync"/>: many records with their lines in one transaction.</summary>
public sealed class SqliteInvocationBatchTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly MigratedDatabase _data = new();
    private readonly SqliteInvocationStore _store;

    public SqliteInvocationBatchTests()
    {
        _store = new SqliteInvocationStore(_data.Database);
    }

    public Task InitializeAsync() => _data.MigrateAsync();

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    private static InvocationRecord Record(string requestId, int second = 0) => new()
    {
        TenantId = Tenant,
        RequestId = requestId,
        TraceId = "Root=1-" + requestId,
        FunctionName = "thumbs",
        Trigger = InvocationTriggers.Api,
        StartedAt = T0.AddSeconds(second),
        DurationMs = 12.5,
        BilledDurationMs = 13,
        MemorySizeMb = 128,
        Outcome = InvocationOutcome.Success,
    };

    private static (InvocationRecord Record, IReadOnlyList<LogLine> Lines) WithLines(InvocationRecord record, int count) =>
        (record, [.. Enumerable.Range(1, count).Select(i => new LogLine(record.StartedAt.AddMilliseconds(i), $"{record.RequestId} line {i}"))]);

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_data.Database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // The WAL's frames since the last checkpoint: every commit appends the pages it changed.
    private async Task<long> WalFramesAsync(string checkpoint)
    {
        await using var connection = new SqliteConnection($"Data Source={_data.Database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({checkpoint});";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetInt64(0));
        return reader.GetInt64(1);
    }

    [Fact]
    public async Task AddBatchAsync_SeveralRecords_StoresEachWithItsOwnLinesInOrder()
    {
        var batch = new[] { WithLines(Record("r1", 1), 3), WithLines(Record("r2", 2), 0), WithLines(Record("r3", 3), 2) };

        await _store.AddBatchAsync(batch, CancellationToken.None);

        foreach (var (record, lines) in batch)
        {
            Assert.Equal(record, await _store.GetAsync(Tenant, record.RequestId, CancellationToken.None));
            var stored = await _store.GetLogsAsync(new LogQuery(Tenant) { RequestId = record.RequestId }, CancellationToken.None);
            Assert.Equal(lines.Select(l => l.Text), stored.Select(l => l.Text));
            Assert.All(stored, l => Assert.Equal((Tenant, "thumbs", record.RequestId), (l.TenantId, l.FunctionName, l.RequestId)));
        }

        var all = await _store.GetLogsAsync(new LogQuery(Tenant), CancellationToken.None);
        Assert.Equal(["r1 line 1", "r1 line 2", "r1 line 3", "r3 line 1", "r3 line 2"], all.Select(l => l.Text));
    }

    [Fact]
    public async Task AddBatchAsync_ManyRecords_CommitsThemOnce()
    {
        await _store.AddAsync(Record("warm-up"), [], CancellationToken.None);
        await WalFramesAsync("TRUNCATE");
        var batch = Enumerable.Range(1, 100).Select(i => WithLines(Record($"r{i}", i), 4)).ToList();

        await _store.AddBatchAsync(batch, CancellationToken.None);

        // One commit writes each page it changed once; a commit per record would write at least one page per record.
        var frames = await WalFramesAsync("PASSIVE");
        Assert.InRange(frames, 1, batch.Count - 1);
        Assert.Equal(101, await ScalarAsync("SELECT COUNT(*) FROM invocations;"));
        Assert.Equal(400, await ScalarAsync("SELECT COUNT(*) FROM log_lines;"));
    }

    [Fact]
    public async Task AddBatchAsync_OneRequestIdAlreadyTaken_StoresNoneOfTheBatch()
    {
        await _store.AddAsync(Record("taken"), [], CancellationToken.None);
        var batch = new[] { WithLines(Record("before", 1), 2), WithLines(Record("taken", 2), 2), WithLines(Record("after", 3), 2) };

        var error = await Assert.ThrowsAsync<StorageException>(() => _store.AddBatchAsync(batch, CancellationToken.None));

        Assert.Contains("'taken'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM invocations;"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM log_lines;"));
        Assert.Null(await _store.GetAsync(Tenant, "before", CancellationToken.None));
    }

    [Fact]
    public async Task AddBatchAsync_Empty_StoresNothing()
    {
        await _store.AddBatchAsync([], CancellationToken.None);

        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM invocations;"));
    }

    [Fact]
    public async Task AddAsync_AfterABatch_StoresAsBefore()
    {
        await _store.AddBatchAsync([WithLines(Record("r1", 1), 1)], CancellationToken.None);

        await _store.AddAsync(Record("r2", 2), [new LogLine(T0, "single")], CancellationToken.None);

        var records = await _store.ListAsync(new InvocationQuery(Tenant), CancellationToken.None);
        Assert.Equal(["r2", "r1"], records.Select(r => r.RequestId));
    }
}
