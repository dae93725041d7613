namespace Kumo.Abstractions.Storage;

/// <summary>
/// Stores function code packages by the SHA-256 of their content, so each package is kept once
/// however many functions and versions use it.
/// </summary>
public interface ICodePackageStore
{
    /// <summary>Prepares the store and removes whatever an interrupted write left behind.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a package read from <paramref name="content"/>. The package becomes visible only once it is
    /// complete and flushed to disk: a crash never leaves a partial package behind.
    /// </summary>
    /// <returns>The package's hash and size.</returns>
    Task<CodePackage> PutAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a stored package for reading, or returns <see langword="null"/> when there is none.</summary>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hex digits.</exception>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Removes a stored package; returns whether there was one.</summary>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 lowercase hex digits.</exception>
    Task<bool> DeleteAsync(string sha256, CancellationToken cancellationToken);
}
