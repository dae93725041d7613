namespace Kumo.Abstractions.Http;

/// <summary>The routes of apps' HTTP APIs. One implementation per storage backend.</summary>
public interface IRouteStore
{
    /// <summary>Stores a new route; false, storing nothing, when the app already has one with its method and path.</summary>
    Task<bool> AddAsync(HttpRoute route, CancellationToken cancellationToken);

    /// <summary>The tenant's routes (of one app, when <paramref name="app"/> is given), by app, path and method.</summary>
    Task<IReadOnlyList<HttpRoute>> ListAsync(string tenantId, string? app, CancellationToken cancellationToken);

    /// <summary>Removes a route; false when there was none.</summary>
    Task<bool> DeleteAsync(string tenantId, string routeId, CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever any route is added or removed, so that a node can keep its route table
    /// in memory and read it again only when it changed.
    /// </summary>
    Task<long> GetVersionAsync(CancellationToken cancellationToken);
}
