namespace Kumo.Abstractions.Events;

/// <summary>
/// The control plane of functions' asynchronous settings (Lambda's <c>…FunctionEventInvokeConfig</c> operations).
/// Each change is checked in full first; refusals are <see cref="Functions.FunctionRequestException"/>s
/// (<c>NotFound</c> for an unknown function or a missing configuration, <c>InvalidParameter</c> for bad values).
/// </summary>
public interface IEventInvokeConfigs
{
    /// <summary>Replaces the configuration of the function's qualifier (<c>PutFunctionEventInvokeConfig</c>).</summary>
    Task<EventInvokeConfig> PutAsync(string tenantId, string functionName, string? qualifier, EventInvokeConfigChange change, CancellationToken cancellationToken);

    /// <summary>Changes the settings given and keeps the rest (<c>UpdateFunctionEventInvokeConfig</c>).</summary>
    Task<EventInvokeConfig> UpdateAsync(string tenantId, string functionName, string? qualifier, EventInvokeConfigChange change, CancellationToken cancellationToken);

    /// <summary>The configuration (<c>GetFunctionEventInvokeConfig</c>); NotFound when there is none.</summary>
    Task<EventInvokeConfig> GetAsync(string tenantId, string functionName, string? qualifier, CancellationToken cancellationToken);

    /// <summary>Removes the configuration (<c>DeleteFunctionEventInvokeConfig</c>); NotFound when there is none.</summary>
    Task DeleteAsync(string tenantId, string functionName, string? qualifier, CancellationToken cancellationToken);

    /// <summary>Every configuration of the function (<c>ListFunctionEventInvokeConfigs</c>).</summary>
    Task<IReadOnlyList<EventInvokeConfig>> ListAsync(string tenantId, string functionName, CancellationToken cancellationToken);
}
