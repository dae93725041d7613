using Kumo.Abstractions.Events;
using Kumo.Storage.Sqlite.Events;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Events;

public sealed class SqliteEventInvokeConfigStoreTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private const string OtherTenant = "tenant-b";
    private const string Function = "thumbs";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteEventInvokeConfigStore _store;

    public SqliteEventInvokeConfigStoreTests()
    {
        _database = new SqliteDatabase(_data.Path);
        _store = new SqliteEventInvokeConfigStore(_database);
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

    private static EventInvokeConfig Config(string qualifier = "$LATEST", string functionName = Function, string tenantId = Tenant) => new()
    {
        TenantId = tenantId,
        FunctionName = functionName,
        Qualifier = qualifier,
        LastModified = T0,
    };

    private static EventInvokeConfig Full(string qualifier = "$LATEST") => Config(qualifier) with
    {
        MaximumRetryAttempts = 1,
        MaximumEventAgeInSeconds = 3600,
        OnSuccessDestination = "arn:aws:lambda:us-east-1:000000000000:function:on-success",
        OnFailureDestination = "arn:aws:lambda:us-east-1:000000000000:function:on-failure",
    };

    private Task PutAsync(EventInvokeConfig config) => _store.PutAsync(config, CancellationToken.None);

    private Task<EventInvokeConfig?> GetAsync(string qualifier = "$LATEST", string functionName = Function, string tenantId = Tenant) =>
        _store.GetAsync(tenantId, functionName, qualifier, CancellationToken.None);

    private Task<IReadOnlyList<EventInvokeConfig>> ListAsync(string functionName = Function, string tenantId = Tenant) =>
        _store.ListAsync(tenantId, functionName, CancellationToken.None);

    [Fact]
    public async Task PutAsync_EveryField_GetReturnsThemUnchanged()
    {
        // A non-UTC offset and sub-second precision: the stored time must come back as the same instant.
        var stored = Full("3") with
        {
            MaximumRetryAttempts = 0,
            LastModified = new DateTimeOffset(2025, 6, 1, 14, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567),
        };

        await PutAsync(stored);

        var loaded = await GetAsync("3");
        Assert.NotNull(loaded);
        Assert.Equal(stored, loaded);
        Assert.Equal(stored.LastModified.UtcTicks, loaded.LastModified.UtcTicks);
    }

    [Fact]
    public async Task PutAsync_EveryOptionalFieldNull_GetReturnsNulls()
    {
        var stored = Config();

        await PutAsync(stored);

        var loaded = await GetAsync();
        Assert.Equal(stored, loaded);
        Assert.Null(loaded!.MaximumRetryAttempts);
        Assert.Null(loaded.MaximumEventAgeInSeconds);
        Assert.Null(loaded.OnSuccessDestination);
        Assert.Null(loaded.OnFailureDestination);
    }

    [Fact]
    public async Task PutAsync_Existing_ReplacesEveryField()
    {
        await PutAsync(Full());
        var replacement = Config() with { MaximumEventAgeInSeconds = 60, LastModified = T0.AddMinutes(5) };

        await PutAsync(replacement);

        Assert.Equal(replacement, await GetAsync());
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull()
    {
        await PutAsync(Full());

        Assert.Null(await GetAsync("7"));
        Assert.Null(await GetAsync(functionName: "other"));
        Assert.Null(await GetAsync(tenantId: OtherTenant));
    }

    [Fact]
    public async Task DeleteAsync_Existing_ReturnsTrueAndRemovesIt()
    {
        await PutAsync(Full());
        await PutAsync(Full("1"));

        Assert.True(await _store.DeleteAsync(Tenant, Function, "$LATEST", CancellationToken.None));

        Assert.Null(await GetAsync());
        Assert.NotNull(await GetAsync("1"));
    }

    [Fact]
    public async Task DeleteAsync_Unknown_ReturnsFalse()
    {
        await PutAsync(Full());

        Assert.False(await _store.DeleteAsync(Tenant, Function, "1", CancellationToken.None));
        Assert.False(await _store.DeleteAsync(OtherTenant, Function, "$LATEST", CancellationToken.None));
        Assert.NotNull(await GetAsync());
    }

    [Fact]
    public async Task ListAsync_SeveralFunctions_ReturnsOnlyThatFunctionsInQualifierOrder()
    {
        await PutAsync(Full("2"));
        await PutAsync(Config("$LATEST"));
        await PutAsync(Full("1"));
        await PutAsync(Config("1", functionName: "other"));
        await PutAsync(Config("1", tenantId: OtherTenant));

        var listed = await ListAsync();

        Assert.Equal(["$LATEST", "1", "2"], listed.Select(c => c.Qualifier));
        Assert.All(listed, c => Assert.Equal((Tenant, Function), (c.TenantId, c.FunctionName)));
        Assert.Equal(Full("1"), listed[1]);
    }

    [Fact]
    public async Task ListAsync_None_ReturnsEmpty() => Assert.Empty(await ListAsync());

    [Fact]
    public async Task DeleteAllAsync_SeveralFunctions_RemovesOnlyThatFunctions()
    {
        await PutAsync(Full());
        await PutAsync(Full("1"));
        await PutAsync(Config(functionName: "other"));
        await PutAsync(Config(tenantId: OtherTenant));

        Assert.Equal(2, await _store.DeleteAllAsync(Tenant, Function, CancellationToken.None));

        Assert.Empty(await ListAsync());
        Assert.Single(await ListAsync(functionName: "other"));
        Assert.Single(await ListAsync(tenantId: OtherTenant));
        Assert.Equal(0, await _store.DeleteAllAsync(Tenant, Function, CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_SameFunctionInTwoTenants_KeepsThemApart()
    {
        var mine = Full();
        var theirs = Config(tenantId: OtherTenant) with { MaximumRetryAttempts = 2 };

        await PutAsync(mine);
        await PutAsync(theirs);

        Assert.Equal(mine, await GetAsync());
        Assert.Equal(theirs, await GetAsync(tenantId: OtherTenant));
        Assert.True(await _store.DeleteAsync(OtherTenant, Function, "$LATEST", CancellationToken.None));
        Assert.Equal(mine, await GetAsync());
        Assert.Equal([mine], await ListAsync());
    }
}
