namespace Kumo.Abstractions.Http;

/// <summary>Function URL configurations. One implementation per storage backend.</summary>
public interface IFunctionUrlStore
{
    /// <summary>Stores a new configuration; false, storing nothing, when the function (and qualifier) already has one.</summary>
    Task<bool> CreateAsync(FunctionUrlConfig config, CancellationToken cancellationToken);

    /// <summary>The configuration of the function and qualifier, or null.</summary>
    Task<FunctionUrlConfig?> GetAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken);

    /// <summary>The configuration with this URL id (any tenant), or null: how a request to a function URL finds its function.</summary>
    Task<FunctionUrlConfig?> FindAsync(string urlId, CancellationToken cancellationToken);

    /// <summary>Replaces a configuration's auth type, CORS, invoke mode and last-modified time; false when there is none.</summary>
    Task<bool> UpdateAsync(FunctionUrlConfig config, CancellationToken cancellationToken);

    /// <summary>Removes the configuration of the function and qualifier; false when there was none.</summary>
    Task<bool> DeleteAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken);

    /// <summary>Removes every configuration of the function (it is being deleted); how many.</summary>
    Task<int> DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken);

    /// <summary>The function's configurations, in order of qualifier.</summary>
    Task<IReadOnlyList<FunctionUrlConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken);
}
