using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation;

/// <summary>
/// At stop, waits (up to the drain timeout) for the invocations still running — also those whose caller went
/// away — so that they end and are recorded before the coordinators and the sandboxes go.
/// </summary>
internal sealed partial class InvocationDrain(Invoker invoker, ILogger<InvocationDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await invoker.WhenIdleAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogDrainCutShort(logger);
        }
    }

    [LoggerMessage(EventId = EventIds.DrainCutShort, Level = LogLevel.Warning,
        Message = "Stopping before every invocation ended: the drain timeout passed; the rest are cut off")]
    private static partial void LogDrainCutShort(ILogger logger);
}
