using System.Collections.Concurrent;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using StoredConfig = Kumo.Abstractions.Events.EventInvokeConfig;

namespace Kumo.Gateway.Tests.Lambda.EventInvokeConfig;

/// <summary>Keeps asynchronous settings in memory, as the service does: NotFound when there are none.</summary>
internal sealed class FakeEventInvokeConfigs : IEventInvokeConfigs
{
    private readonly ConcurrentDictionary<(string Function, string Qualifier), StoredConfig> _configs = new();

    public DateTimeOffset Now { get; set; } = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);

    public EventInvokeConfigChange? LastChange { get; private set; }

    public string? LastQualifier { get; private set; }

    public Task<StoredConfig> PutAsync(string tenantId, string functionName, string? qualifier, EventInvokeConfigChange change, CancellationToken cancellationToken)
    {
        var config = Apply(new StoredConfig { TenantId = tenantId, FunctionName = functionName, Qualifier = qualifier ?? "$LATEST" }, change);
        return Task.FromResult(Save(config, change, qualifier));
    }

    public Task<StoredConfig> UpdateAsync(string tenantId, string functionName, string? qualifier, EventInvokeConfigChange change, CancellationToken cancellationToken)
    {
        var existing = _configs.GetValueOrDefault((functionName, qualifier ?? "$LATEST"))
            ?? new StoredConfig { TenantId = tenantId, FunctionName = functionName, Qualifier = qualifier ?? "$LATEST" };
        var config = Apply(existing, change) with
        {
            MaximumRetryAttempts = change.MaximumRetryAttempts ?? existing.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = change.MaximumEventAgeInSeconds ?? existing.MaximumEventAgeInSeconds,
        };
        return Task.FromResult(Save(config, change, qualifier));
    }

    public Task<StoredConfig> GetAsync(string tenantId, string functionName, string? qualifier, CancellationToken cancellationToken) =>
        _configs.TryGetValue((functionName, qualifier ?? "$LATEST"), out var config) ? Task.FromResult(config) : throw Missing(functionName);

    public Task DeleteAsync(string tenantId, string functionName, string? qualifier, CancellationToken cancellationToken) =>
        _configs.TryRemove((functionName, qualifier ?? "$LATEST"), out _) ? Task.CompletedTask : throw Missing(functionName);

    public Task<IReadOnlyList<StoredConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredConfig>>([.. _configs.Values.Where(config => config.FunctionName == functionName)]);

    private static StoredConfig Apply(StoredConfig config, EventInvokeConfigChange change) => config with
    {
        MaximumRetryAttempts = change.MaximumRetryAttempts,
        MaximumEventAgeInSeconds = change.MaximumEventAgeInSeconds,
        OnSuccessDestination = Destination(change.OnSuccessDestination, config.OnSuccessDestination),
        OnFailureDestination = Destination(change.OnFailureDestination, config.OnFailureDestination),
    };

    private static string? Destination(string? change, string? existing) => change switch
    {
        null => existing,
        "" => null,
        _ => change,
    };

    private static FunctionRequestException Missing(string functionName) =>
        new(FunctionErrorKind.NotFound, $"The function {LambdaRequests.Arn}{functionName} doesn't have an EventInvokeConfig");

    private StoredConfig Save(StoredConfig config, EventInvokeConfigChange change, string? qualifier)
    {
        LastChange = change;
        LastQualifier = qualifier;
        config = config with { LastModified = Now };
        _configs[(config.FunctionName, config.Qualifier)] = config;
        return config;
    }
}
