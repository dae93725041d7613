using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Lifecycle;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Events;
using Kumo.Invocation.Records;
using Kumo.Sandbox.Code;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation;

/// <summary>
/// Before the platform takes work: the code cache is clean, functions a stop interrupted are being prepared, and
/// records past retention are gone.
/// </summary>
internal sealed partial class FunctionsStartup(
    IFunctionStore functions,
    FunctionActivation activation,
    CodeCache codeCache,
    RecordRetention retention,
    IEventQueue events,
    EventQueueReady eventsReady,
    TimeProvider time,
    ILogger<FunctionsStartup> logger) : IStartupStep
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

        // One node: whatever was running belonged to a process that is gone. It runs again (at least once).
        var recovered = await events.RecoverAsync(time.GetUtcNow(), cancellationToken);
        if (recovered > 0)
        {
            LogRecovered(logger, recovered);
        }

        eventsReady.MarkReady();
    }

    [LoggerMessage(EventId = EventIds.EventsRecovered, Level = LogLevel.Information,
        Message = "Recovered {Count} asynchronous invocations a previous run left running; they run again")]
    private static partial void LogRecovered(ILogger logger, int count);
}
