using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Storage;

namespace Kumo.Storage.Sqlite;

/// <summary>Opens the embedded storage before the platform takes work: schema up to date, leftovers of a crash removed.</summary>
internal sealed class EmbeddedStorageStartup(IMetadataStore metadata, ICodePackageStore packages) : IStartupStep
{
    public string Name => "open embedded storage";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await metadata.InitializeAsync(cancellationToken);
        await packages.InitializeAsync(cancellationToken);
        _ = await metadata.GetInstallationIdAsync(cancellationToken);
    }
}
