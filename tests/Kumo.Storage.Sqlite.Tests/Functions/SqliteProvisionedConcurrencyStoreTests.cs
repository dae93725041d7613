using Kumo.Abstractions.Functions;
using Kumo.Storage.Sqlite.Functions;

namespace Kumo.Storage.Sqlite.Tests.Functions;

public sealed class SqliteProvisionedConcurrencyStoreTests : IAsyncLifetime
{
    private const string TenantA = "tenant-a";
    private const string TenantB = "tenant-b";
    private const string Latest = "$LATEST";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly MigratedDatabase _data = new();
    private readonly SqliteFunctionStore _functions;
    private readonly SqliteProvisionedConcurrencyStore _store;

    public SqliteProvisionedConcurrencyStoreTests()
    {
        _functions = new SqliteFunctionStore(_data.Database);
        _store = new SqliteProvisionedConcurrencyStore(_data.Database);
    }

    public async Task InitializeAsync()
    {
        await _data.MigrateAsync();
        await CreateFunctionAsync("api");
        await CreateFunctionAsync("worker");
        await CreateFunctionAsync("api", TenantB);
    }

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    private async Task CreateFunctionAsync(string name, string tenantId = TenantA) =>
        Assert.True(await _functions.CreateAsync(
            new FunctionConfiguration
            {
                TenantId = tenantId,
                Name = name,
                Runtime = "python3.12",
                Handler = "app.handler",
                CodeSha256 = new string('a', 64),
                RevisionId = "rev-1",
                LastModified = T0,
            },
            CancellationToken.None));

    private Task<ProvisionedConcurrencyConfig> PutAsync(int requested, DateTimeOffset now, string function = "api", string qualifier = Latest, string tenantId = TenantA) =>
        _store.PutAsync(tenantId, function, qualifier, requested, now, CancellationToken.None);

    private Task<ProvisionedConcurrencyConfig?> GetAsync(string function = "api", string qualifier = Latest, string tenantId = TenantA) =>
        _store.GetAsync(tenantId, function, qualifier, CancellationToken.None);

    private Task ReportAsync(DateTimeOffset requestedAt, int allocated, int available, ProvisionedConcurrencyStatus status, string? reason = null) =>
        _store.UpdateStatusAsync(TenantA, "api", Latest, requestedAt, allocated, available, status, reason, CancellationToken.None);

    [Fact]
    public async Task PutAsync_New_StoresItInProgressWithNothingMadeYet()
    {
        // A non-UTC offset and sub-millisecond precision: the stored time must come back as the same instant.
        var now = new DateTimeOffset(2025, 6, 1, 14, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        var put = await PutAsync(3, now);
        var loaded = await GetAsync();

        var expected = new ProvisionedConcurrencyConfig
        {
            TenantId = TenantA,
            FunctionName = "api",
            Qualifier = Latest,
            Requested = 3,
            Allocated = 0,
            Available = 0,
            Status = ProvisionedConcurrencyStatus.InProgress,
            StatusReason = null,
            LastModified = now,
        };
        Assert.Equal(expected, put);
        Assert.Equal(expected, loaded);
        Assert.Equal(now.UtcTicks, loaded!.LastModified.UtcTicks);
    }

    [Fact]
    public async Task GetAsync_NoneSet_ReturnsNull()
    {
        Assert.Null(await GetAsync());
        Assert.Null(await GetAsync("nobody"));
    }

    [Fact]
    public async Task UpdateStatusAsync_ForTheCurrentPut_RecordsWhatTheWorkerMade()
    {
        var put = await PutAsync(2, T0);

        await ReportAsync(put.LastModified, 2, 1, ProvisionedConcurrencyStatus.InProgress, "1 of 2 initialising");
        var partly = await GetAsync();
        await ReportAsync(put.LastModified, 2, 2, ProvisionedConcurrencyStatus.Ready);
        var ready = await GetAsync();

        Assert.Equal((2, 1, ProvisionedConcurrencyStatus.InProgress, "1 of 2 initialising"), (partly!.Allocated, partly.Available, partly.Status, partly.StatusReason));
        Assert.Equal((2, 2, ProvisionedConcurrencyStatus.Ready, (string?)null), (ready!.Allocated, ready.Available, ready.Status, ready.StatusReason));
        Assert.Equal(T0, ready.LastModified);
    }

    [Fact]
    public async Task UpdateStatusAsync_AfterANewerPut_DoesNotOverwriteIt()
    {
        var first = await PutAsync(2, T0);
        var second = await PutAsync(5, T0.AddSeconds(1));

        // The worker finishes the first request after the second was put: its report is about a setting that is gone.
        await ReportAsync(first.LastModified, 2, 2, ProvisionedConcurrencyStatus.Ready);
        var stored = await GetAsync();

        Assert.Equal(second, stored);
        Assert.Equal(ProvisionedConcurrencyStatus.InProgress, stored!.Status);
        Assert.Equal(0, stored.Available);
    }

    [Fact]
    public async Task PutAsync_AfterAReport_ReplacesTheCountKeepsWhatIsMadeAndGoesBackToInProgress()
    {
        var first = await PutAsync(2, T0);
        await ReportAsync(first.LastModified, 2, 2, ProvisionedConcurrencyStatus.Failed, "out of memory");

        var second = await PutAsync(4, T0.AddMinutes(1));

        Assert.Equal(
            (4, 2, 2, ProvisionedConcurrencyStatus.InProgress, (string?)null, T0.AddMinutes(1)),
            (second.Requested, second.Allocated, second.Available, second.Status, second.StatusReason, second.LastModified));
        Assert.Equal(second, await GetAsync());
    }

    [Fact]
    public async Task PutAsync_ClockStoodStillOrWentBack_IsStillLaterThanThePutBefore()
    {
        var first = await PutAsync(1, T0);
        var same = await PutAsync(2, T0);
        var earlier = await PutAsync(3, T0.AddSeconds(-5));

        Assert.True(same.LastModified > first.LastModified, $"{same.LastModified:O} is not after {first.LastModified:O}");
        Assert.True(earlier.LastModified > same.LastModified, $"{earlier.LastModified:O} is not after {same.LastModified:O}");

        // So a report on the first put cannot pass for one on the last.
        await ReportAsync(first.LastModified, 1, 1, ProvisionedConcurrencyStatus.Ready);
        Assert.Equal(ProvisionedConcurrencyStatus.InProgress, (await GetAsync())!.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_SettingDeleted_DoesNotBringItBack()
    {
        var put = await PutAsync(2, T0);
        Assert.True(await _store.DeleteAsync(TenantA, "api", Latest, CancellationToken.None));

        await ReportAsync(put.LastModified, 2, 2, ProvisionedConcurrencyStatus.Ready);

        Assert.Null(await GetAsync());
    }

    [Fact]
    public async Task ListAsync_SeveralFunctionsAndTenants_ReturnsTheFunctionsOwnInQualifierOrder()
    {
        await PutAsync(1, T0, qualifier: "live");
        await PutAsync(2, T0, qualifier: Latest);
        await PutAsync(3, T0, qualifier: "10");
        await PutAsync(4, T0, function: "worker");
        await PutAsync(5, T0, tenantId: TenantB);

        var listed = await _store.ListAsync(TenantA, "api", CancellationToken.None);
        var all = await _store.ListAllAsync(CancellationToken.None);

        Assert.Equal([Latest, "10", "live"], listed.Select(c => c.Qualifier));
        Assert.Equal([2, 3, 1], listed.Select(c => c.Requested));
        Assert.Equal(
            [(TenantA, "api", Latest), (TenantA, "api", "10"), (TenantA, "api", "live"), (TenantA, "worker", Latest), (TenantB, "api", Latest)],
            all.Select(c => (c.TenantId, c.FunctionName, c.Qualifier)));
    }

    [Fact]
    public async Task DeleteAsync_ReturnsWhetherThereWasOne()
    {
        await PutAsync(1, T0);

        Assert.True(await _store.DeleteAsync(TenantA, "api", Latest, CancellationToken.None));
        Assert.False(await _store.DeleteAsync(TenantA, "api", Latest, CancellationToken.None));
        Assert.Null(await GetAsync());
    }

    [Fact]
    public async Task DeleteAllAsync_RemovesEveryQualifierOfThatFunctionOnly()
    {
        await PutAsync(1, T0);
        await PutAsync(1, T0, qualifier: "live");
        await PutAsync(1, T0, function: "worker");
        await PutAsync(1, T0, tenantId: TenantB);

        await _store.DeleteAllAsync(TenantA, "api", CancellationToken.None);

        Assert.Equal(
            [(TenantA, "worker"), (TenantB, "api")],
            (await _store.ListAllAsync(CancellationToken.None)).Select(c => (c.TenantId, c.FunctionName)));
    }

    [Fact]
    public async Task FunctionDeleted_ItsSettingsGoInTheSameStatement()
    {
        await PutAsync(2, T0);
        await PutAsync(1, T0, qualifier: "live");
        await PutAsync(1, T0, function: "worker");
        await PutAsync(1, T0, tenantId: TenantB);

        Assert.True(await _functions.DeleteAsync(TenantA, "api", CancellationToken.None));

        Assert.Empty(await _store.ListAsync(TenantA, "api", CancellationToken.None));
        Assert.Equal(
            [(TenantA, "worker"), (TenantB, "api")],
            (await _store.ListAllAsync(CancellationToken.None)).Select(c => (c.TenantId, c.FunctionName)));

        // A new function of the same name starts with no setting.
        await CreateFunctionAsync("api");
        Assert.Null(await GetAsync());
    }

    [Fact]
    public async Task PutAsync_NoSuchFunction_ThrowsNotFoundAndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<FunctionRequestException>(() => PutAsync(1, T0, function: "nobody"));

        Assert.Equal(FunctionErrorKind.NotFound, error.Kind);
        Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListAllAsync(CancellationToken.None));
    }
}
