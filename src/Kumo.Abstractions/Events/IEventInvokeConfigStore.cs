namespace Kumo.Abstractions.Events;

/// <summary>Where functions' <see cref="EventInvokeConfig"/>s are kept: one implementation per storage backend.</summary>
public interface IEventInvokeConfigStore
{
    /// <summary>The configuration of the function's qualifier, or null when it has none.</summary>
    Task<EventInvokeConfig?> GetAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken);

    /// <summary>Stores the configuration, replacing any the function's qualifier had.</summary>
    Task PutAsync(EventInvokeConfig config, CancellationToken cancellationToken);

    /// <summary>Removes the configuration; returns whether there was one.</summary>
    Task<bool> DeleteAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken);

    /// <summary>Every configuration of the function (one per qualifier), in order of qualifier.</summary>
    Task<IReadOnlyList<EventInvokeConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken);

    /// <summary>Removes every configuration of the function (it was deleted); returns how many.</summary>
    Task<int> DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken);
}
