using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Lambda.Concurrency;

/// <summary>Provisioned concurrency settings in memory, with the SQLite store's rules for puts and status reports.</summary>
internal sealed class FakeProvisionedConcurrencyStore : IProvisionedConcurrencyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Function, string Qualifier), ProvisionedConcurrencyConfig> _configs = [];

    /// <summary>Stores a setting as it is, as if put and reported on earlier.</summary>
    public void Seed(ProvisionedConcurrencyConfig config)
    {
        lock (_lock)
        {
            _configs[(config.TenantId, config.FunctionName, config.Qualifier)] = config;
        }
    }

    public Task<ProvisionedConcurrencyConfig> PutAsync(
        string tenantId, string functionName, string qualifier, int requested, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (tenantId, functionName, qualifier);
            var previous = _configs.GetValueOrDefault(key);
            var config = new ProvisionedConcurrencyConfig
            {
                TenantId = tenantId,
                FunctionName = functionName,
                Qualifier = qualifier,
                Requested = requested,
                Allocated = previous?.Allocated ?? 0,
                Available = previous?.Available ?? 0,
                Status = ProvisionedConcurrencyStatus.InProgress,
                LastModified = previous is not null && now <= previous.LastModified ? previous.LastModified.AddTicks(1) : now,
            };
            _configs[key] = config;
            return Task.FromResult(config);
        }
    }

    public Task<ProvisionedConcurrencyConfig?> GetAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_configs.GetValueOrDefault((tenantId, functionName, qualifier)));
        }
    }

    public Task<IReadOnlyList<ProvisionedConcurrencyConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<ProvisionedConcurrencyConfig> found = [.. _configs.Values
                .Where(config => config.TenantId == tenantId && config.FunctionName == functionName)
                .OrderBy(config => config.Qualifier, StringComparer.Ordinal)];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<ProvisionedConcurrencyConfig>> ListAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<ProvisionedConcurrencyConfig> all = [.. _configs.Values];
            return Task.FromResult(all);
        }
    }

    public Task<bool> DeleteAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_configs.Remove((tenantId, functionName, qualifier)));
        }
    }

    public Task DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var key in _configs.Keys.Where(key => key.Tenant == tenantId && key.Function == functionName).ToList())
            {
                _configs.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task UpdateStatusAsync(
        string tenantId,
        string functionName,
        string qualifier,
        DateTimeOffset requestedAt,
        int allocated,
        int available,
        ProvisionedConcurrencyStatus status,
        string? statusReason,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (tenantId, functionName, qualifier);
            if (_configs.TryGetValue(key, out var config) && config.LastModified <= requestedAt)
            {
                _configs[key] = config with { Allocated = allocated, Available = available, Status = status, StatusReason = statusReason };
            }
        }

        return Task.CompletedTask;
    }
}
