namespace Kumo.Abstractions.Functions;

/// <summary>Where functions are kept: one implementation per storage backend.</summary>
public interface IFunctionStore
{
    /// <summary>Stores a new function; returns false, storing nothing, when the tenant already has one of that name.</summary>
    Task<bool> CreateAsync(FunctionConfiguration function, CancellationToken cancellationToken);

    /// <summary>The tenant's function of that name, or null.</summary>
    Task<FunctionConfiguration?> GetAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxItems"/> of the tenant's functions in order of name, after <paramref name="marker"/>.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="marker">The <see cref="FunctionPage.NextMarker"/> of the page before, or null for the first page.</param>
    /// <param name="maxItems">The page size, 1–10000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<FunctionPage> ListAsync(string tenantId, string? marker, int maxItems, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored function when its revision is still <paramref name="expectedRevisionId"/>; returns false,
    /// changing nothing, when the function is gone or was changed meanwhile.
    /// </summary>
    Task<bool> UpdateAsync(FunctionConfiguration function, string expectedRevisionId, CancellationToken cancellationToken);

    /// <summary>Removes the function; returns whether there was one.</summary>
    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Every function, of every tenant, whose code is still being prepared (<see cref="FunctionState.Pending"/>, or a
    /// last update <see cref="LastUpdateStatus.InProgress"/>): to finish after a restart.
    /// </summary>
    Task<IReadOnlyList<FunctionConfiguration>> ListPendingAsync(CancellationToken cancellationToken);

    /// <summary>Whether any function, of any tenant, uses the code package with this hash.</summary>
    Task<bool> IsPackageInUseAsync(string codeSha256, CancellationToken cancellationToken);
}
