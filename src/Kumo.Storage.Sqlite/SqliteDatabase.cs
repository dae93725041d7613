using Microsoft.Data.Sqlite;

namespace Kumo.Storage.Sqlite;

/// <summary>
/// The SQLite file under the data directory and how to open it: pooled connections, each with full
/// synchronous commits so that what a caller was told is stored survives a power cut.
/// </summary>
internal sealed class SqliteDatabase
{
    public const string FileName = "metadata.db";

    private readonly string _connectionString;

    public SqliteDatabase(string dataDirectory)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = FULL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the pooled connections, which lets SQLite checkpoint and remove its WAL file.</summary>
    public void Close()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
