namespace Kumo.Abstractions.Storage;

/// <summary>
/// The durable store for Kumo's metadata (functions, versions, invocation records as they arrive).
/// One implementation per backend: SQLite for one machine, PostgreSQL for a cluster.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Creates the schema or brings it up to the version this build knows.</summary>
    /// <exception cref="StorageException">The store cannot be opened or was written by a newer Kumo.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The id of this Kumo installation, made on first start and stable afterwards.</summary>
    Task<string> GetInstallationIdAsync(CancellationToken cancellationToken);

    /// <summary>What backs the store, for status pages.</summary>
    Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken);
}
