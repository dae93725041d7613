using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Storage;
using Kumo.Storage.Sqlite.Objects;

namespace Kumo.Storage.Sqlite;

/// <summary>Opens the embedded storage before the platform takes work: schema up to date, leftovers of a crash removed.</summary>
internal sealed class EmbeddedStorageStartup(IMetadataStore metadata, ICodePackageStore packages, SqliteObjectStore objects) : IStartupStep
{
    public string Name => "open embedded storage";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await metadata.InitializeAsync(cancellationToken);
        await packages.InitializeAsync(cancellationToken);
        // After the schema: the cleanup asks the objects table which bodies are still referenced.
        await objects.InitializeAsync(cancellationToken);
        _ = await metadata.GetInstallationIdAsync(cancellationToken);
    }
}
