namespace Kumo.Abstractions.Http;

/// <summary>Apps' HTTP settings. A change bumps the same counter as route changes (<see cref="IRouteStore.GetVersionAsync"/>).</summary>
public interface IHttpAppStore
{
    /// <summary>The app's settings, or null when it has none.</summary>
    Task<HttpApp?> GetAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>Stores the app's settings, replacing any.</summary>
    Task PutAsync(HttpApp app, CancellationToken cancellationToken);

    /// <summary>Removes the app's settings; false when it had none.</summary>
    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>The tenant's apps with settings, by name.</summary>
    Task<IReadOnlyList<HttpApp>> ListAsync(string tenantId, CancellationToken cancellationToken);
}
