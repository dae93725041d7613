using Kumo.Abstractions.Invocations;
using Kumo.Invocation.Records;
using Kumo.Storage.Sqlite;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kumo.Invocation.Tests.Records;

public sealed class RecordRegistrationTests
{
    [Fact]
    public async Task AddKumoInvocation_OverTheEmbeddedStorage_ReadsWaitForTheRecorderAndItWritesToTheBackend()
    {
        using var data = new TempDirectory();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKumoEmbeddedStorage(data.Path);
        services.AddKumoInvocation(data.Path);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<CommittedInvocationStore>(provider.GetRequiredService<IInvocationStore>());
        Assert.Equal("SqliteInvocationStore", provider.GetRequiredKeyedService<IInvocationStore>(InvocationRecorder.StoreKey).GetType().Name);
        Assert.Same(provider.GetRequiredService<InvocationRecorder>(), provider.GetRequiredService<InvocationRecorder>());
    }

    [Fact]
    public void AddKumoInvocation_HostedServices_StopTheRecorderAfterTheDrain()
    {
        using var data = new TempDirectory();
        var services = new ServiceCollection();
        services.AddKumoEmbeddedStorage(data.Path);
        services.AddKumoInvocation(data.Path);

        // The host stops its services in reverse order: the recorder, registered first, stores what the drain recorded.
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService))
            .Select(d => d.ImplementationType ?? d.ImplementationFactory?.GetType().GenericTypeArguments[^1])
            .ToList();
        Assert.Equal(typeof(InvocationRecorder), hosted[0]);
        Assert.Contains(typeof(InvocationDrain), hosted);
    }

    [Fact]
    public void AddKumoInvocation_NoStore_SaysWhatIsMissing()
    {
        using var data = new TempDirectory();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKumoInvocation(data.Path));

        Assert.Contains("AddKumoEmbeddedStorage", error.Message, StringComparison.Ordinal);
    }
}
