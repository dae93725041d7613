using Kumo.Abstractions.Functions;
using Kumo.Storage.Sqlite.Functions;
using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite.Tests.Functions;

/// <summary>A function's own keep-alive setting in the <c>functions</c> table (migration 16).</summary>
public sealed class SqliteFunctionStoreKeepAliveTests : IAsyncLifetime
{
    private readonly MigratedDatabase _data = new();
    private readonly SqliteFunctionStore _store;

    public SqliteFunctionStoreKeepAliveTests()
    {
        _store = new SqliteFunctionStore(_data.Database);
    }

    public Task InitializeAsync() => _data.MigrateAsync();

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<KeepAlivePolicy?, int?> Settings() => new()
    {
        { KeepAlivePolicy.Adaptive, 300 },
        { KeepAlivePolicy.Fixed, null },
        { null, 14400 },
        { KeepAlivePolicy.Adaptive, null },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task CreateAsync_KeepAliveSetting_RoundTrips(KeepAlivePolicy? policy, int? idleTimeoutSeconds)
    {
        var setting = new KeepAliveConfig { Policy = policy, IdleTimeoutSeconds = idleTimeoutSeconds };

        Assert.True(await _store.CreateAsync(Function("timer") with { KeepAlive = setting }, CancellationToken.None));
        var read = await _store.GetAsync("t", "timer", CancellationToken.None);

        Assert.Equal(setting, read!.KeepAlive);
    }

    [Fact]
    public async Task CreateAsync_NoSettingOfItsOwn_ReadsAsThePlatforms()
    {
        Assert.True(await _store.CreateAsync(Function("plain"), CancellationToken.None));

        var read = await _store.GetAsync("t", "plain", CancellationToken.None);

        Assert.Same(KeepAliveConfig.Platform, read!.KeepAlive);
        Assert.Equal(["", ""], [await ColumnTextAsync("keep_alive_policy"), await ColumnTextAsync("keep_alive_idle_timeout_seconds")]);
    }

    [Fact]
    public async Task UpdateAsync_ChangesAndClearsTheSetting()
    {
        var function = Function("timer") with { KeepAlive = new KeepAliveConfig { Policy = KeepAlivePolicy.Adaptive, IdleTimeoutSeconds = 60 } };
        Assert.True(await _store.CreateAsync(function, CancellationToken.None));

        Assert.True(await _store.UpdateAsync(function with { RevisionId = "rev-2", KeepAlive = new KeepAliveConfig { Policy = KeepAlivePolicy.Fixed } }, "rev-1", CancellationToken.None));
        var changed = await _store.GetAsync("t", "timer", CancellationToken.None);
        var stored = await ColumnTextAsync("keep_alive_policy");
        Assert.True(await _store.UpdateAsync(changed! with { RevisionId = "rev-3", KeepAlive = KeepAliveConfig.Platform }, "rev-2", CancellationToken.None));
        var cleared = await _store.GetAsync("t", "timer", CancellationToken.None);

        Assert.Equal(new KeepAliveConfig { Policy = KeepAlivePolicy.Fixed }, changed.KeepAlive);
        Assert.Equal(KeepAliveConfig.Platform, cleared!.KeepAlive);
        Assert.Equal("Fixed", stored);
    }

    [Fact]
    public async Task Schema_RefusesAPolicyItDoesNotKnow()
    {
        Assert.True(await _store.CreateAsync(Function("timer"), CancellationToken.None));
        await using var connection = new SqliteConnection($"Data Source={_data.Database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE functions SET keep_alive_policy = 'Sometimes';";

        var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("CHECK", refused.Message, StringComparison.Ordinal);
    }

    private static FunctionConfiguration Function(string name) => new()
    {
        TenantId = "t",
        Name = name,
        Runtime = "python3.12",
        Handler = "app.handler",
        CodeSha256 = new string('a', 64),
        RevisionId = "rev-1",
        LastModified = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>The column's text as SQLite holds it; empty for NULL.</summary>
    private async Task<string> ColumnTextAsync(string column)
    {
        await using var connection = new SqliteConnection($"Data Source={_data.Database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM functions;";
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! : "";
    }
}
