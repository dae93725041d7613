namespace Kumo.Abstractions.Functions;

/// <summary>Where provisioned concurrency settings are kept: one implementation per storage backend.</summary>
public interface IProvisionedConcurrencyStore
{
    /// <summary>
    /// Puts the setting for the function's qualifier: a new one, or a new <see cref="ProvisionedConcurrencyConfig.Requested"/>
    /// for an existing one (its status goes back to in progress; allocated and available stay as they were until the
    /// worker reports). Returns the stored setting.
    /// </summary>
    Task<ProvisionedConcurrencyConfig> PutAsync(
        string tenantId, string functionName, string qualifier, int requested, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The setting for the function's qualifier, or null.</summary>
    Task<ProvisionedConcurrencyConfig?> GetAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken);

    /// <summary>The function's settings, in order of qualifier.</summary>
    Task<IReadOnlyList<ProvisionedConcurrencyConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken);

    /// <summary>Every setting of every tenant: what the worker reconciles.</summary>
    Task<IReadOnlyList<ProvisionedConcurrencyConfig>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Removes the setting; returns whether there was one.</summary>
    Task<bool> DeleteAsync(string tenantId, string functionName, string qualifier, CancellationToken cancellationToken);

    /// <summary>Removes every setting of the function (it was deleted).</summary>
    Task DeleteAllAsync(string tenantId, string functionName, CancellationToken cancellationToken);

    /// <summary>
    /// Records what the worker has made of a setting. Changes nothing when the setting is gone, or when it was put
    /// again after <paramref name="requestedAt"/> (the <see cref="ProvisionedConcurrencyConfig.LastModified"/> the
    /// worker reconciled against): a report never overwrites a newer request.
    /// </summary>
    Task UpdateStatusAsync(
        string tenantId,
        string functionName,
        string qualifier,
        DateTimeOffset requestedAt,
        int allocated,
        int available,
        ProvisionedConcurrencyStatus status,
        string? statusReason,
        CancellationToken cancellationToken);
}

/// <summary>Tells the worker that provisioned concurrency settings changed, so it reconciles now rather than at its next tick.</summary>
public interface IProvisionedConcurrencySignal
{
    /// <summary>A setting was put or deleted.</summary>
    void Changed();
}
