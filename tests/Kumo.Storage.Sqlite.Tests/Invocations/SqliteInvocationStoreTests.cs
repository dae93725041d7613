using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Invocations;
using Kumo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Invocations;

public sealed class SqliteInvocationStoreTests : IAsyncLifetime
{
    private const string TenantA = "tenant-a";
    private const string TenantB = "tenant-b";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteInvocationStore _store;

    public SqliteInvocationStoreTests()
    {
        _database = new SqliteDatabase(_data.Path);
        _store = new SqliteInvocationStore(_database);
    }

    public async Task InitializeAsync()
    {
        using var metadata = new SqliteMetadataStore(_database, TimeProvider.System, NullLogger<SqliteMetadataStore>.Instance);
        await metadata.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _database.Close();
        _data.Dispose();
        return Task.CompletedTask;
    }

    private static InvocationRecord Record(
        string requestId,
        string functionName = "thumbs",
        DateTimeOffset? startedAt = null,
        InvocationOutcome outcome = InvocationOutcome.Success,
        bool cold = false,
        string tenantId = TenantA) => new()
        {
            TenantId = tenantId,
            RequestId = requestId,
            TraceId = "Root=1-" + requestId,
            FunctionName = functionName,
            Trigger = InvocationTriggers.Api,
            StartedAt = startedAt ?? T0,
            DurationMs = 12.5,
            BilledDurationMs = 13,
            MemorySizeMb = 128,
            Cold = cold,
            Outcome = outcome,
        };

    // The caller's tenant, function and request id on a line are not the store's to trust.
    private static LogLine Line(DateTimeOffset timestamp, string text) =>
        new(timestamp, text) { TenantId = "someone-else", FunctionName = "not-this-one", RequestId = "nor-this" };

    private static LogLine[] Lines(string prefix, int count, DateTimeOffset? start = null) =>
        [.. Enumerable.Range(1, count).Select(i => Line((start ?? T0).AddMilliseconds(i), $"{prefix} {i}"))];

    private Task AddAsync(InvocationRecord record, params LogLine[] lines) => _store.AddAsync(record, lines, CancellationToken.None);

    private async Task<string[]> ListIdsAsync(InvocationQuery query) =>
        [.. (await _store.ListAsync(query, CancellationToken.None)).Select(r => r.RequestId)];

    private async Task<string[]> LogTextsAsync(LogQuery query) =>
        [.. (await _store.GetLogsAsync(query, CancellationToken.None)).Select(l => l.Text)];

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // a1..a5 of tenant A, one minute apart, and one of tenant B after them all.
    private async Task AddSampleRecordsAsync()
    {
        await AddAsync(Record("a1", "thumbs", T0, InvocationOutcome.Success, cold: true));
        await AddAsync(Record("a2", "thumbs", T0.AddMinutes(1), InvocationOutcome.FunctionError));
        // Stored in another offset: the filters must still see it at T0 + 2 min.
        await AddAsync(Record("a3", "mailer", T0.AddMinutes(2).ToOffset(TimeSpan.FromHours(5.5)), InvocationOutcome.Success));
        await AddAsync(Record("a4", "thumbs", T0.AddMinutes(3), InvocationOutcome.Timeout, cold: true));
        await AddAsync(Record("a5", "mailer", T0.AddMinutes(4), InvocationOutcome.Throttled));
        await AddAsync(Record("b1", "thumbs", T0.AddMinutes(5), InvocationOutcome.Success, cold: true, tenantId: TenantB));
    }

    [Fact]
    public async Task AddAsync_EveryFieldSet_GetReturnsEveryField()
    {
        var record = new InvocationRecord
        {
            TenantId = TenantA,
            RequestId = "8f5e2c1a-0000-4000-8000-000000000001",
            TraceId = "Root=1-6650a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1",
            FunctionName = "thumbs",
            Version = "7",
            Trigger = InvocationTriggers.Schedule,
            StartedAt = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.FromHours(-7)).AddTicks(5_358_979),
            InitDurationMs = 0.1 + 0.2,
            DurationMs = 1234.5678901234,
            BilledDurationMs = 1235,
            MemorySizeMb = 1769,
            MaxMemoryUsedMb = 312,
            Cold = true,
            Outcome = InvocationOutcome.OutOfMemory,
            ErrorType = "Runtime.OutOfMemory",
            ErrorMessage = "Runtime exited with error: signal: killed « ✓ »",
        };

        await AddAsync(record);
        var stored = await _store.GetAsync(TenantA, record.RequestId, CancellationToken.None);

        Assert.Equal(record, stored);
        Assert.Equal(record.StartedAt.UtcTicks, stored!.StartedAt.UtcTicks);
        Assert.Equal(0.1 + 0.2, stored.InitDurationMs);
    }

    [Fact]
    public async Task AddAsync_OptionalFieldsLeftOut_GetReturnsNulls()
    {
        var record = Record("plain");

        await AddAsync(record);
        var stored = await _store.GetAsync(TenantA, "plain", CancellationToken.None);

        Assert.Equal(record, stored);
        Assert.Null(stored!.InitDurationMs);
        Assert.Null(stored.MaxMemoryUsedMb);
        Assert.Null(stored.ErrorType);
        Assert.Null(stored.ErrorMessage);
        Assert.False(stored.Cold);
    }

    [Fact]
    public async Task GetAsync_UnknownRequestId_ReturnsNull()
    {
        await AddAsync(Record("known"));

        Assert.Null(await _store.GetAsync(TenantA, "unknown", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_NoFilters_ReturnsTheTenantsRecordsNewestFirst()
    {
        await AddSampleRecordsAsync();

        Assert.Equal(["a5", "a4", "a3", "a2", "a1"], await ListIdsAsync(new InvocationQuery(TenantA)));
    }

    [Fact]
    public async Task ListAsync_ByFunction_ReturnsOnlyThatFunctionsRecords()
    {
        await AddSampleRecordsAsync();

        Assert.Equal(["a4", "a2", "a1"], await ListIdsAsync(new InvocationQuery(TenantA) { FunctionName = "thumbs" }));
        Assert.Equal(["a5", "a3"], await ListIdsAsync(new InvocationQuery(TenantA) { FunctionName = "mailer" }));
    }

    [Fact]
    public async Task ListAsync_ByRequestId_ReturnsEveryAttemptOfThatRequestOnlyNewestFirst()
    {
        await AddSampleRecordsAsync();
        await AddAsync(Record("event-1", startedAt: T0.AddMinutes(10)) with { Trigger = InvocationTriggers.Async, Outcome = InvocationOutcome.FunctionError });
        await AddAsync(Record("event-1", startedAt: T0.AddMinutes(11)) with { Trigger = InvocationTriggers.Async, Attempt = 2, Outcome = InvocationOutcome.FunctionError });
        await AddAsync(Record("event-1", startedAt: T0.AddMinutes(13)) with { Trigger = InvocationTriggers.Async, Attempt = 3 });
        await AddAsync(Record("event-1", startedAt: T0.AddMinutes(12), tenantId: TenantB));

        var attempts = await _store.ListAsync(new InvocationQuery(TenantA) { RequestId = "event-1" }, CancellationToken.None);

        Assert.Equal([3, 2, 1], attempts.Select(r => r.Attempt));
        Assert.All(attempts, r => Assert.Equal(TenantA, r.TenantId));
        Assert.Equal(["a2"], await ListIdsAsync(new InvocationQuery(TenantA) { RequestId = "a2" }));
        Assert.Equal(
            [2, 1],
            (await _store.ListAsync(new InvocationQuery(TenantA) { RequestId = "event-1", Outcome = InvocationOutcome.FunctionError }, CancellationToken.None))
                .Select(r => r.Attempt));
        Assert.Empty(await ListIdsAsync(new InvocationQuery(TenantA) { RequestId = "event-1", FunctionName = "mailer" }));
        Assert.Empty(await ListIdsAsync(new InvocationQuery(TenantA) { RequestId = "unknown" }));
    }

    [Fact]
    public async Task ListAsync_ByOutcome_ReturnsOnlyRecordsThatEndedThatWay()
    {
        await AddSampleRecordsAsync();

        Assert.Equal(["a3", "a1"], await ListIdsAsync(new InvocationQuery(TenantA) { Outcome = InvocationOutcome.Success }));
        Assert.Equal(["a4"], await ListIdsAsync(new InvocationQuery(TenantA) { Outcome = InvocationOutcome.Timeout }));
        Assert.Empty(await ListIdsAsync(new InvocationQuery(TenantA) { Outcome = InvocationOutcome.PlatformError }));
    }

    [Fact]
    public async Task ListAsync_SinceAndUntil_IncludeSinceAndExcludeUntil()
    {
        await AddSampleRecordsAsync();

        var query = new InvocationQuery(TenantA) { Since = T0.AddMinutes(1), Until = T0.AddMinutes(3) };
        Assert.Equal(["a3", "a2"], await ListIdsAsync(query));

        // The same instants given in another offset select the same records.
        var offset = TimeSpan.FromHours(-3);
        Assert.Equal(["a3", "a2"], await ListIdsAsync(query with { Since = query.Since.Value.ToOffset(offset), Until = query.Until.Value.ToOffset(offset) }));
        Assert.Equal(["a5", "a4", "a3"], await ListIdsAsync(new InvocationQuery(TenantA) { Since = T0.AddMinutes(2) }));
        Assert.Equal(["a1"], await ListIdsAsync(new InvocationQuery(TenantA) { Until = T0.AddMinutes(1) }));
    }

    [Fact]
    public async Task ListAsync_ColdOnly_ReturnsOnlyColdStarts()
    {
        await AddSampleRecordsAsync();

        Assert.Equal(["a4", "a1"], await ListIdsAsync(new InvocationQuery(TenantA) { ColdOnly = true }));
        Assert.Equal(["a4"], await ListIdsAsync(new InvocationQuery(TenantA) { ColdOnly = true, Outcome = InvocationOutcome.Timeout, FunctionName = "thumbs" }));
    }

    [Fact]
    public async Task ListAsync_Limit_ReturnsTheNewestThatManyAndClampsToAtLeastOne()
    {
        await AddSampleRecordsAsync();

        Assert.Equal(["a5", "a4"], await ListIdsAsync(new InvocationQuery(TenantA) { Limit = 2 }));
        Assert.Equal(["a5"], await ListIdsAsync(new InvocationQuery(TenantA) { Limit = 0 }));
        Assert.Equal(["a5"], await ListIdsAsync(new InvocationQuery(TenantA) { Limit = -7 }));
        Assert.Equal(5, (await ListIdsAsync(new InvocationQuery(TenantA) { Limit = int.MaxValue })).Length);
    }

    [Fact]
    public async Task GetLogsAsync_ByRequestId_ReturnsThatInvocationsLinesOldestFirstWithTheirOrigin()
    {
        var lines = Lines("first", 3);
        await AddAsync(Record("r1"), lines);
        await AddAsync(Record("r2"), Lines("second", 2));

        var stored = await _store.GetLogsAsync(new LogQuery(TenantA) { RequestId = "r1" }, CancellationToken.None);

        Assert.Equal(["first 1", "first 2", "first 3"], stored.Select(l => l.Text));
        Assert.Equal(lines.Select(l => l.Timestamp), stored.Select(l => l.Timestamp));
        Assert.All(stored, l =>
        {
            Assert.Equal(TenantA, l.TenantId);
            Assert.Equal("thumbs", l.FunctionName);
            Assert.Equal("r1", l.RequestId);
            Assert.True(l.Sequence > 0);
        });
        Assert.Equal(stored.Select(l => l.Sequence).Order(), stored.Select(l => l.Sequence));
        Assert.Equal(3, stored.Select(l => l.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task GetLogsAsync_ByFunction_ReturnsEveryInvocationOfThatFunctionInOrderOfWriting()
    {
        await AddAsync(Record("r1", "thumbs"), Lines("r1", 2));
        await AddAsync(Record("r2", "mailer"), Lines("r2", 2));
        await AddAsync(Record("r3", "thumbs"), Lines("r3", 1));

        Assert.Equal(["r1 1", "r1 2", "r3 1"], await LogTextsAsync(new LogQuery(TenantA) { FunctionName = "thumbs" }));
        Assert.Equal(["r2 1", "r2 2"], await LogTextsAsync(new LogQuery(TenantA) { FunctionName = "mailer" }));
        Assert.Empty(await LogTextsAsync(new LogQuery(TenantA) { FunctionName = "thumbs", RequestId = "r2" }));
    }

    [Fact]
    public async Task GetLogsAsync_AfterSequence_ReturnsOnlyLinesStoredLater()
    {
        await AddAsync(Record("r1"), Lines("r1", 3));
        var all = await _store.GetLogsAsync(new LogQuery(TenantA) { FunctionName = "thumbs" }, CancellationToken.None);

        Assert.Equal(["r1 2", "r1 3"], await LogTextsAsync(new LogQuery(TenantA) { FunctionName = "thumbs", AfterSequence = all[0].Sequence }));
        Assert.Empty(await LogTextsAsync(new LogQuery(TenantA) { FunctionName = "thumbs", AfterSequence = all[^1].Sequence }));

        // What `kumo logs --follow` does: ask again after the last line it saw.
        await AddAsync(Record("r2"), Lines("r2", 2));
        Assert.Equal(["r2 1", "r2 2"], await LogTextsAsync(new LogQuery(TenantA) { FunctionName = "thumbs", AfterSequence = all[^1].Sequence }));
    }

    [Fact]
    public async Task GetLogsAsync_Newest_ReturnsTheNewestLimitLinesOldestFirst()
    {
        await AddAsync(Record("r1"), Lines("line", 5));

        Assert.Equal(["line 4", "line 5"], await LogTextsAsync(new LogQuery(TenantA) { RequestId = "r1", Newest = true, Limit = 2 }));
        Assert.Equal(["line 1", "line 2"], await LogTextsAsync(new LogQuery(TenantA) { RequestId = "r1", Limit = 2 }));
        Assert.Equal(["line 5"], await LogTextsAsync(new LogQuery(TenantA) { RequestId = "r1", Newest = true, Limit = 0 }));
    }

    [Fact]
    public async Task DeleteOlderThanAsync_Cutoff_RemovesOlderRecordsAndTheirLinesOnly()
    {
        var cutoff = T0.AddHours(-12);
        await AddAsync(Record("two-days", startedAt: T0.AddDays(-2)), Lines("old", 2));
        await AddAsync(Record("one-day", startedAt: T0.AddDays(-1), tenantId: TenantB), Lines("old-b", 3));
        await AddAsync(Record("at-cutoff", startedAt: cutoff), Lines("edge", 1));
        await AddAsync(Record("fresh", startedAt: T0), Lines("new", 2));

        var removed = await _store.DeleteOlderThanAsync(cutoff, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal(["fresh", "at-cutoff"], await ListIdsAsync(new InvocationQuery(TenantA)));
        Assert.Empty(await ListIdsAsync(new InvocationQuery(TenantB)));
        Assert.Equal(["edge 1", "new 1", "new 2"], await LogTextsAsync(new LogQuery(TenantA)));
        Assert.Empty(await LogTextsAsync(new LogQuery(TenantB)));
        Assert.Equal(3, await CountAsync("log_lines"));
        Assert.Equal(0, await _store.DeleteOlderThanAsync(cutoff, CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_SameRequestIdTwice_ThrowsAndKeepsTheFirstRecordAndItsLinesOnly()
    {
        await AddAsync(Record("r1"), Lines("first", 2));

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            AddAsync(Record("r1", "mailer") with { TraceId = "Root=1-other" }, Lines("second", 3)));

        Assert.Contains("'r1'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Record("r1"), await _store.GetAsync(TenantA, "r1", CancellationToken.None));
        Assert.Equal(["first 1", "first 2"], await LogTextsAsync(new LogQuery(TenantA)));
        Assert.Equal(2, await CountAsync("log_lines"));
    }

    [Fact]
    public async Task AddAsync_LineFailsToStore_KeepsNeitherTheRecordNorAnyLine()
    {
        // A trigger refuses the third line, after the record and two lines went in.
        await ExecuteAsync("""
            CREATE TRIGGER refuse_poison BEFORE INSERT ON log_lines WHEN NEW.text = 'poison'
            BEGIN SELECT RAISE(ABORT, 'poisoned line'); END;
            """);
        LogLine[] lines = [Line(T0, "ok 1"), Line(T0, "ok 2"), Line(T0, "poison"), Line(T0, "ok 3")];

        var error = await Assert.ThrowsAsync<SqliteException>(() => AddAsync(Record("r1"), lines));

        Assert.Contains("poisoned line", error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetAsync(TenantA, "r1", CancellationToken.None));
        Assert.Equal(0, await CountAsync("invocations"));
        Assert.Equal(0, await CountAsync("log_lines"));
    }

    [Fact]
    public async Task OtherTenant_RecordsOfTenantA_CannotSeeThemOrTheirLogs()
    {
        await AddAsync(Record("secret"), Lines("secret", 2));

        Assert.Null(await _store.GetAsync(TenantB, "secret", CancellationToken.None));
        Assert.Empty(await ListIdsAsync(new InvocationQuery(TenantB)));
        Assert.Empty(await ListIdsAsync(new InvocationQuery(TenantB) { FunctionName = "thumbs" }));
        Assert.Empty(await LogTextsAsync(new LogQuery(TenantB) { RequestId = "secret" }));
        Assert.Empty(await LogTextsAsync(new LogQuery(TenantB) { FunctionName = "thumbs" }));
        Assert.Empty(await LogTextsAsync(new LogQuery(TenantB)));
        Assert.Equal(["secret"], await ListIdsAsync(new InvocationQuery(TenantA)));
    }

    [Fact]
    public async Task AddAsync_SameRequestIdInTwoTenants_KeepsBothApart()
    {
        await AddAsync(Record("r1", "thumbs"), Lines("A", 1));
        await AddAsync(Record("r1", "mailer", tenantId: TenantB), Lines("B", 2));

        Assert.Equal("thumbs", (await _store.GetAsync(TenantA, "r1", CancellationToken.None))!.FunctionName);
        Assert.Equal("mailer", (await _store.GetAsync(TenantB, "r1", CancellationToken.None))!.FunctionName);
        Assert.Equal(["A 1"], await LogTextsAsync(new LogQuery(TenantA) { RequestId = "r1" }));
        Assert.Equal(["B 1", "B 2"], await LogTextsAsync(new LogQuery(TenantB) { RequestId = "r1" }));
    }
}
