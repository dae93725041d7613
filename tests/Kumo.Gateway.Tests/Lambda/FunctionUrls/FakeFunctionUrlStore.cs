using System.Collections.Concurrent;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Tests.Lambda.FunctionUrls;

/// <summary>Function URL configurations in memory, keyed as the real store keys them.</summary>
internal sealed class FakeFunctionUrlStore : IFunctionUrlStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Function, string Qualifier), FunctionUrlConfig> _configs = new();

    /// <summary>Every configuration held, for checks that something was (or was not) stored.</summary>
    public IReadOnlyCollection<FunctionUrlConfig> All => [.. _configs.Values];

    /// <summary>Stores a configuration directly, as another qualifier's or another function's.</summary>
    public void Put(FunctionUrlConfig config) => _configs[Key(config)] = config;

    public Task<bool> CreateAsync(FunctionUrlConfig config, CancellationToken cancellationToken) =>
        Task.FromResult(_configs.TryAdd(Key(config), config));

    public Task<FunctionUrlConfig?> GetAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken) =>
        Task.FromResult(_configs.GetValueOrDefault((tenantId, functionName, qualifier)));

    public Task<FunctionUrlConfig?> FindAsync(string urlId, CancellationToken cancellationToken) =>
        Task.FromResult(_configs.Values.FirstOrDefault(config => config.UrlId == urlId));

    public Task<bool> UpdateAsync(FunctionUrlConfig config, CancellationToken cancellationToken)
    {
        var key = Key(config);
        if (!_configs.TryGetValue(key, out var current))
        {
            return Task.FromResult(false);
        }

        // As the real store: only the auth type, CORS, invoke mode and last-modified time change.
        _configs[key] = current with
        {
            AuthType = config.AuthType,
            Cors = config.Cors,
            InvokeMode = config.InvokeMode,
            LastModified = config.LastModified,
        };
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken) =>
        Task.FromResult(_configs.TryRemove((tenantId, functionName, qualifier), out _));

    public Task<int> DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var key in _configs.Keys.Where(key => key.Tenant == tenantId && key.Function == functionName))
        {
            removed += _configs.TryRemove(key, out _) ? 1 : 0;
        }

        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<FunctionUrlConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FunctionUrlConfig>>(
            [.. _configs.Values.Where(config => config.TenantId == tenantId && config.FunctionName == functionName).OrderBy(config => config.Qualifier, StringComparer.Ordinal)]);

    private static (string, string, string) Key(FunctionUrlConfig config) => (config.TenantId, config.FunctionName, config.Qualifier);
}
