using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Lifecycle;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Records;
using Kumo.Sandbox.Code;

namespace Kumo.Invocation;

/// <summary>
/// Before the platform takes work: the code cache is clean, functions a stop interrupted are being prepared, and
/// records past retention are gone.
/// </summary>
internal sealed class FunctionsStartup(
    IFunctionStore functions, FunctionActivation activation, CodeCache codeCache, RecordRetention retention) : IStartupStep
{
    public string Name => "prepare functions";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        codeCache.RemoveLeftovers();
        foreach (var function in await functions.ListPendingAsync(cancellationToken))
        {
            _ = activation.StartAsync(function);
        }

        await retention.RemoveExpiredAsync(cancellationToken);
    }
}
