using Kumo.Abstractions.Functions;
using Kumo.Storage.Sqlite.Functions;
using Kumo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Functions;

public sealed class SqliteFunctionStoreTests : IAsyncLifetime
{
    private const string TenantA = "tenant-a";
    private const string TenantB = "tenant-b";
    private static readonly DateTimeOffset Modified = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string ShaA = new('a', 64);
    private static readonly string ShaB = new('b', 64);

    private readonly TempDirectory _data = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteFunctionStore _store;

    public SqliteFunctionStoreTests()
    {
        _database = new SqliteDatabase(_data.Path);
        _store = new SqliteFunctionStore(_database);
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

    private static FunctionConfiguration Function(string name, string tenantId = TenantA) => new()
    {
        TenantId = tenantId,
        Name = name,
        Runtime = "python3.12",
        Handler = "app.handler",
        CodeSha256 = ShaA,
        CodeSize = 1234,
        RevisionId = "rev-1",
        LastModified = Modified,
    };

    private static FunctionConfiguration EveryFieldSet() => new()
    {
        TenantId = TenantA,
        Name = "resize-images",
        Runtime = "nodejs22.x",
        Handler = "index.resize",
        Role = "arn:aws:iam::123456789012:role/resizer",
        Description = "Shrinks photos – « vite » ✓",
        MemoryMb = 1769,
        TimeoutSeconds = 900,
        EphemeralStorageMb = 10240,
        Environment = new Dictionary<string, string> { ["BUCKET"] = "photos", ["QUOTE"] = "say \"hé\"\n", ["EMPTY"] = "" },
        CodeSha256 = ShaB,
        CodeSize = 5_000_000_123,
        State = FunctionState.Failed,
        StateReason = "the package has no index.js",
        LastUpdateStatus = LastUpdateStatus.Failed,
        LastUpdateStatusReason = "unpacking failed",
        RevisionId = "rev-42",
        LastModified = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5_358_979),
        Tags = new Dictionary<string, string> { ["team"] = "media", ["cost-centre"] = "42" },
        ReservedConcurrency = 0,
    };

    private async Task<string> QueryTextAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static void AssertSame(FunctionConfiguration expected, FunctionConfiguration? actual)
    {
        Assert.NotNull(actual);
        // The dictionaries compare by content here, every other property by the record's equality.
        Assert.Equal(expected.Environment, actual.Environment);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected with { Environment = actual.Environment, Tags = actual.Tags }, actual);
    }

    [Fact]
    public async Task CreateAsync_EveryFieldSet_GetReturnsEveryField()
    {
        var function = EveryFieldSet();

        Assert.True(await _store.CreateAsync(function, CancellationToken.None));
        var stored = await _store.GetAsync(TenantA, "resize-images", CancellationToken.None);

        AssertSame(function, stored);
        Assert.Equal(function.LastModified.UtcTicks, stored!.LastModified.UtcTicks);
        Assert.Equal(TimeSpan.Zero, stored.LastModified.Offset);
    }

    [Fact]
    public async Task CreateAsync_OptionalFieldsLeftOut_GetReturnsNullsAndEmptyDictionaries()
    {
        var function = Function("plain");

        Assert.True(await _store.CreateAsync(function, CancellationToken.None));
        var stored = await _store.GetAsync(TenantA, "plain", CancellationToken.None);

        AssertSame(function, stored);
        Assert.Null(stored!.Role);
        Assert.Null(stored.StateReason);
        Assert.Null(stored.LastUpdateStatusReason);
        Assert.Null(stored.ReservedConcurrency);
        Assert.Empty(stored.Environment);
        Assert.Empty(stored.Tags);
    }

    [Fact]
    public async Task CreateAsync_Function_StoresEnumsByNameTimesAsUtcTextAndDictionariesAsJson()
    {
        await _store.CreateAsync(EveryFieldSet(), CancellationToken.None);

        Assert.Equal("Failed", await QueryTextAsync("SELECT state FROM functions;"));
        Assert.Equal("Failed", await QueryTextAsync("SELECT last_update_status FROM functions;"));
        Assert.Equal("2025-03-14T13:09:26.5358979+00:00", await QueryTextAsync("SELECT last_modified FROM functions;"));
        Assert.Equal("media", await QueryTextAsync("SELECT json_extract(tags, '$.team') FROM functions;"));
        Assert.Equal("photos", await QueryTextAsync("SELECT json_extract(environment, '$.BUCKET') FROM functions;"));
    }

    [Fact]
    public async Task CreateAsync_NameTakenInTenant_ReturnsFalseAndKeepsTheFirst()
    {
        var first = Function("dup") with { Handler = "first.handler" };
        Assert.True(await _store.CreateAsync(first, CancellationToken.None));

        var created = await _store.CreateAsync(Function("dup") with { Handler = "second.handler", RevisionId = "rev-2" }, CancellationToken.None);

        Assert.False(created);
        AssertSame(first, await _store.GetAsync(TenantA, "dup", CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_ExpectedRevisionCurrent_ReplacesTheFunction()
    {
        await _store.CreateAsync(Function("f"), CancellationToken.None);
        var changed = EveryFieldSet() with { Name = "f", RevisionId = "rev-2" };

        var updated = await _store.UpdateAsync(changed, "rev-1", CancellationToken.None);

        Assert.True(updated);
        AssertSame(changed, await _store.GetAsync(TenantA, "f", CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_RevisionChangedMeanwhile_ReturnsFalseAndChangesNothing()
    {
        await _store.CreateAsync(Function("f"), CancellationToken.None);
        var winner = Function("f") with { MemoryMb = 512, RevisionId = "rev-2" };
        Assert.True(await _store.UpdateAsync(winner, "rev-1", CancellationToken.None));

        var loser = await _store.UpdateAsync(Function("f") with { MemoryMb = 2048, RevisionId = "rev-3" }, "rev-1", CancellationToken.None);

        Assert.False(loser);
        AssertSame(winner, await _store.GetAsync(TenantA, "f", CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_FunctionGone_ReturnsFalseAndCreatesNothing()
    {
        var updated = await _store.UpdateAsync(Function("ghost") with { RevisionId = "rev-2" }, "rev-1", CancellationToken.None);

        Assert.False(updated);
        Assert.Null(await _store.GetAsync(TenantA, "ghost", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_ExistingFunction_RemovesItAndReturnsTrue()
    {
        await _store.CreateAsync(Function("doomed"), CancellationToken.None);
        await _store.CreateAsync(Function("kept"), CancellationToken.None);

        var deleted = await _store.DeleteAsync(TenantA, "doomed", CancellationToken.None);

        Assert.True(deleted);
        Assert.Null(await _store.GetAsync(TenantA, "doomed", CancellationToken.None));
        Assert.NotNull(await _store.GetAsync(TenantA, "kept", CancellationToken.None));
        Assert.False(await _store.DeleteAsync(TenantA, "doomed", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_SevenFunctionsInPagesOfThree_WalksThreePagesInOrdinalNameOrder()
    {
        string[] names = ["zeta", "Alpha", "beta_2", "beta-1", "alpha", "Zeta", "gamma"];
        foreach (var name in names)
        {
            await _store.CreateAsync(Function(name), CancellationToken.None);
        }

        await _store.CreateAsync(Function("beta-0", TenantB), CancellationToken.None);

        var first = await _store.ListAsync(TenantA, marker: null, maxItems: 3, CancellationToken.None);
        var second = await _store.ListAsync(TenantA, first.NextMarker, maxItems: 3, CancellationToken.None);
        var third = await _store.ListAsync(TenantA, second.NextMarker, maxItems: 3, CancellationToken.None);

        Assert.Equal(["Alpha", "Zeta", "alpha"], first.Functions.Select(f => f.Name));
        Assert.Equal("alpha", first.NextMarker);
        Assert.Equal(["beta-1", "beta_2", "gamma"], second.Functions.Select(f => f.Name));
        Assert.Equal("gamma", second.NextMarker);
        Assert.Equal(["zeta"], third.Functions.Select(f => f.Name));
        Assert.Null(third.NextMarker);
        Assert.All(first.Functions.Concat(second.Functions).Concat(third.Functions), f => Assert.Equal(TenantA, f.TenantId));
    }

    [Fact]
    public async Task ListAsync_LastPageExactlyFull_HasNoNextMarker()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await _store.CreateAsync(Function(name), CancellationToken.None);
        }

        var page = await _store.ListAsync(TenantA, marker: null, maxItems: 3, CancellationToken.None);

        Assert.Equal(["a", "b", "c"], page.Functions.Select(f => f.Name));
        Assert.Null(page.NextMarker);
    }

    [Fact]
    public async Task ListAsync_MarkerFunctionDeletedBetweenPages_ContinuesAfterIt()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await _store.CreateAsync(Function(name), CancellationToken.None);
        }

        var first = await _store.ListAsync(TenantA, marker: null, maxItems: 2, CancellationToken.None);
        await _store.DeleteAsync(TenantA, "b", CancellationToken.None);
        var second = await _store.ListAsync(TenantA, first.NextMarker, maxItems: 2, CancellationToken.None);

        Assert.Equal(["c", "d"], second.Functions.Select(f => f.Name));
        Assert.Null(second.NextMarker);
    }

    [Fact]
    public async Task ListPendingAsync_FunctionsOfTwoTenants_ReturnsThoseBeingPreparedOfBoth()
    {
        await _store.CreateAsync(Function("waiting") with { State = FunctionState.Pending }, CancellationToken.None);
        await _store.CreateAsync(Function("ready") with { State = FunctionState.Active, LastUpdateStatus = LastUpdateStatus.Successful }, CancellationToken.None);
        await _store.CreateAsync(Function("updating") with { State = FunctionState.Active, LastUpdateStatus = LastUpdateStatus.InProgress }, CancellationToken.None);
        await _store.CreateAsync(Function("broken") with { State = FunctionState.Failed, LastUpdateStatus = LastUpdateStatus.Failed }, CancellationToken.None);
        await _store.CreateAsync(Function("also-waiting", TenantB) with { State = FunctionState.Pending }, CancellationToken.None);

        var pending = await _store.ListPendingAsync(CancellationToken.None);

        Assert.Equal(
            [(TenantA, "updating"), (TenantA, "waiting"), (TenantB, "also-waiting")],
            pending.Select(f => (f.TenantId, f.Name)));
    }

    [Fact]
    public async Task IsPackageInUseAsync_HashUsedByAnotherTenantsFunction_ReturnsTrueUntilItIsDeleted()
    {
        await _store.CreateAsync(Function("uses-b", TenantB) with { CodeSha256 = ShaB }, CancellationToken.None);

        Assert.True(await _store.IsPackageInUseAsync(ShaB, CancellationToken.None));
        Assert.False(await _store.IsPackageInUseAsync(ShaA, CancellationToken.None));

        await _store.DeleteAsync(TenantB, "uses-b", CancellationToken.None);

        Assert.False(await _store.IsPackageInUseAsync(ShaB, CancellationToken.None));
    }

    [Fact]
    public async Task IsPackageInUseAsync_CodeReplacedByUpdate_FollowsTheNewHash()
    {
        await _store.CreateAsync(Function("f") with { CodeSha256 = ShaA }, CancellationToken.None);

        await _store.UpdateAsync(Function("f") with { CodeSha256 = ShaB, RevisionId = "rev-2" }, "rev-1", CancellationToken.None);

        Assert.False(await _store.IsPackageInUseAsync(ShaA, CancellationToken.None));
        Assert.True(await _store.IsPackageInUseAsync(ShaB, CancellationToken.None));
    }

    [Fact]
    public async Task OtherTenant_FunctionOfTenantA_CannotSeeUpdateOrDeleteIt()
    {
        var mine = Function("private") with { Description = "tenant A's" };
        await _store.CreateAsync(mine, CancellationToken.None);

        Assert.Null(await _store.GetAsync(TenantB, "private", CancellationToken.None));
        Assert.Empty((await _store.ListAsync(TenantB, marker: null, maxItems: 50, CancellationToken.None)).Functions);
        Assert.False(await _store.UpdateAsync(Function("private", TenantB) with { RevisionId = "rev-2" }, "rev-1", CancellationToken.None));
        Assert.False(await _store.DeleteAsync(TenantB, "private", CancellationToken.None));

        AssertSame(mine, await _store.GetAsync(TenantA, "private", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_SameNameInTwoTenants_KeepsTwoSeparateFunctions()
    {
        var mine = Function("shared") with { Description = "A" };
        var theirs = Function("shared", TenantB) with { Description = "B" };

        Assert.True(await _store.CreateAsync(mine, CancellationToken.None));
        Assert.True(await _store.CreateAsync(theirs, CancellationToken.None));
        Assert.True(await _store.DeleteAsync(TenantB, "shared", CancellationToken.None));

        AssertSame(mine, await _store.GetAsync(TenantA, "shared", CancellationToken.None));
        Assert.Null(await _store.GetAsync(TenantB, "shared", CancellationToken.None));
    }
}
