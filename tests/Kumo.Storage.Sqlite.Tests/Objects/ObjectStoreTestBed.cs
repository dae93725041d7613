using System.Text;
using Kumo.Abstractions.Objects;
using Kumo.Storage.Sqlite.Objects;
using Kumo.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>A data directory with the schema in place and an object store on it, with ways to look at the files underneath.</summary>
internal sealed class ObjectStoreTestBed : IAsyncDisposable
{
    public const string Tenant = "tenant-a";
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();

    private ObjectStoreTestBed()
    {
        Database = new SqliteDatabase(_data.Path);
        Store = NewStore();
    }

    public SqliteDatabase Database { get; }

    public SqliteObjectStore Store { get; }

    public string ObjectsRoot => _data.Combine("objects");

    public string DataPath => _data.Path;

    public static async Task<ObjectStoreTestBed> StartAsync(params string[] buckets)
    {
        var bed = new ObjectStoreTestBed();
        using (var metadata = new SqliteMetadataStore(bed.Database, TimeProvider.System, NullLogger<SqliteMetadataStore>.Instance))
        {
            await metadata.InitializeAsync(CancellationToken.None);
        }

        await bed.Store.InitializeAsync(CancellationToken.None);
        foreach (var bucket in buckets)
        {
            Assert.Equal(ObjectStoreResult.Done, await bed.Store.CreateBucketAsync(Bucket(bucket), CancellationToken.None));
        }

        return bed;
    }

    /// <summary>Another store on the same directory, as a restart makes.</summary>
    public SqliteObjectStore NewStore(RecordingLogger? logger = null) =>
        new(Database, _data.Path, TimeProvider.System, (Microsoft.Extensions.Logging.ILogger<SqliteObjectStore>?)logger ?? NullLogger<SqliteObjectStore>.Instance);

    public static BucketInfo Bucket(string name, string tenant = Tenant) => new(tenant, name, T0, "us-east-1");

    public static ObjectWrite Write(string bucket, string key) => new() { Bucket = bucket, Key = key };

    public Task<ObjectInfo?> PutAsync(string bucket, string key, string body) =>
        Store.PutAsync(Write(bucket, key), new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);

    public async Task<string?> ReadAsync(string bucket, string key)
    {
        await using var content = await Store.OpenAsync(bucket, key, CancellationToken.None);
        if (content is null)
        {
            return null;
        }

        using var reader = new StreamReader(content.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The body files in place (not those in tmp/).</summary>
    public string[] BlobFiles() => Directory.Exists(ObjectsRoot)
        ? Directory.GetDirectories(ObjectsRoot).Where(d => Path.GetFileName(d) != "tmp").SelectMany(Directory.GetFiles).ToArray()
        : [];

    public string[] TemporaryFiles() => Directory.GetFiles(Path.Combine(ObjectsRoot, "tmp"));

    public async Task<long> CountObjectsAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM objects;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, Action<SqliteCommand>? bind = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        Database.Close();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
