using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests;

/// <summary>
/// A metadata database of a test's own in a temporary directory, with every migration applied by
/// <see cref="MigrateAsync"/>; disposal closes it and deletes the directory.
/// </summary>
internal sealed class MigratedDatabase : IDisposable
{
    private readonly TempDirectory _directory = new();

    public MigratedDatabase() => Database = new SqliteDatabase(_directory.Path);

    public SqliteDatabase Database { get; }

    public async Task MigrateAsync()
    {
        using var metadata = new SqliteMetadataStore(Database, TimeProvider.System, NullLogger<SqliteMetadataStore>.Instance);
        await metadata.InitializeAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        Database.Close();
        _directory.Dispose();
    }
}
