namespace Kumo.Abstractions.Functions;

/// <summary>
/// The control plane for functions: every change is checked (all problems reported together) before anything is
/// stored. Methods throw <see cref="FunctionRequestException"/> for requests they refuse.
/// </summary>
public interface IFunctionCatalog
{
    /// <summary>Checks and stores a new function; it starts <see cref="FunctionState.Pending"/> and turns Active once its code is ready.</summary>
    Task<FunctionConfiguration> CreateAsync(string tenantId, FunctionDefinition definition, CancellationToken cancellationToken);

    /// <summary>The function, or null.</summary>
    Task<FunctionConfiguration?> GetAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>One page of the tenant's functions.</summary>
    Task<FunctionPage> ListAsync(string tenantId, string? marker, int maxItems, CancellationToken cancellationToken);

    /// <summary>Replaces the function's code; new invocations use it at once, running ones finish on the old code.</summary>
    Task<FunctionConfiguration> UpdateCodeAsync(string tenantId, string name, ReadOnlyMemory<byte> zipFile, string? expectedRevisionId, CancellationToken cancellationToken);

    /// <summary>Changes the settings given; new invocations use them at once.</summary>
    Task<FunctionConfiguration> UpdateSettingsAsync(string tenantId, string name, FunctionSettings settings, CancellationToken cancellationToken);

    /// <summary>Removes the function and its idle sandboxes; running invocations finish.</summary>
    Task DeleteAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>Reserves concurrency for the function (also its ceiling), or with null removes the reservation.</summary>
    Task<FunctionConfiguration> SetReservedConcurrencyAsync(string tenantId, string name, int? reserved, CancellationToken cancellationToken);

    /// <summary>Adds or replaces tags.</summary>
    Task<FunctionConfiguration> TagAsync(string tenantId, string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>Removes tags by key.</summary>
    Task<FunctionConfiguration> UntagAsync(string tenantId, string name, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>The platform's limits and the tenant's use of them.</summary>
    Task<AccountLimits> GetAccountLimitsAsync(string tenantId, CancellationToken cancellationToken);
}
