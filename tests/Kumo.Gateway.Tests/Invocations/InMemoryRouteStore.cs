using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary>Routes in memory, unique by id and by app, method and path, as the SQLite store keeps them.</summary>
internal sealed class InMemoryRouteStore : IRouteStore
{
    private readonly List<HttpRoute> _routes = [];
    private long _version;

    public IReadOnlyList<HttpRoute> Routes
    {
        get
        {
            lock (_routes)
            {
                return [.. _routes];
            }
        }
    }

    public Task<bool> AddAsync(HttpRoute route, CancellationToken cancellationToken)
    {
        lock (_routes)
        {
            if (_routes.Any(r => r.TenantId == route.TenantId
                && (r.RouteId == route.RouteId || (r.App == route.App && r.Method == route.Method && r.Path == route.Path))))
            {
                return Task.FromResult(false);
            }

            _routes.Add(route);
            _version++;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<HttpRoute>> ListAsync(string tenantId, string? app, CancellationToken cancellationToken)
    {
        lock (_routes)
        {
            IReadOnlyList<HttpRoute> found = [.. _routes
                .Where(r => r.TenantId == tenantId && (app is null || r.App == app))
                .OrderBy(r => r.App, StringComparer.Ordinal)
                .ThenBy(r => r.Path, StringComparer.Ordinal)
                .ThenBy(r => r.Method, StringComparer.Ordinal)];
            return Task.FromResult(found);
        }
    }

    public Task<bool> DeleteAsync(string tenantId, string routeId, CancellationToken cancellationToken)
    {
        lock (_routes)
        {
            var removed = _routes.RemoveAll(r => r.TenantId == tenantId && r.RouteId == routeId) > 0;
            _version += removed ? 1 : 0;
            return Task.FromResult(removed);
        }
    }

    public Task<long> GetVersionAsync(CancellationToken cancellationToken)
    {
        lock (_routes)
        {
            return Task.FromResult(_version);
        }
    }
}
