using Kumo.Invocation.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>
/// Keeps the node's stem-cell pools in shape between demands: once start-up is done (declared kinds fill then), and
/// every <see cref="PrewarmOptions.MaintenanceInterval"/>, it drops dead and surplus stems and refills.
/// </summary>
internal sealed partial class StemCellPoolLoop(
    NodeWorker worker, FunctionsOptions options, EventQueueReady startupDone, TimeProvider time, ILogger<StemCellPoolLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Prewarm.Enabled)
        {
            return;
        }

        try
        {
            await startupDone.WhenReady.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Prewarm.MaintenanceInterval, time);
            do
            {
                try
                {
                    await worker.Pool.MaintainAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogMaintenanceFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.PoolMaintenanceFailed, Level = LogLevel.Warning, Message = "Could not maintain the stem-cell pools; trying again later")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
