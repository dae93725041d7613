using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary>Apps' settings in memory, by tenant and name, as the SQLite store keeps them; counts writes.</summary>
internal sealed class InMemoryHttpAppStore : IHttpAppStore
{
    private readonly Dictionary<(string Tenant, string Name), HttpApp> _apps = [];

    public int Puts { get; private set; }

    public IReadOnlyList<HttpApp> Apps
    {
        get
        {
            lock (_apps)
            {
                return [.. _apps.Values];
            }
        }
    }

    public Task<HttpApp?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        lock (_apps)
        {
            return Task.FromResult(_apps.GetValueOrDefault((tenantId, name)));
        }
    }

    public Task PutAsync(HttpApp app, CancellationToken cancellationToken)
    {
        lock (_apps)
        {
            _apps[(app.TenantId, app.Name)] = app;
            Puts++;
            return Task.CompletedTask;
        }
    }

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        lock (_apps)
        {
            return Task.FromResult(_apps.Remove((tenantId, name)));
        }
    }

    public Task<IReadOnlyList<HttpApp>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_apps)
        {
            IReadOnlyList<HttpApp> found = [.. _apps.Values.Where(a => a.TenantId == tenantId).OrderBy(a => a.Name, StringComparer.Ordinal)];
            return Task.FromResult(found);
        }
    }
}
