using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>Removes sandboxes that idled past <see cref="FunctionsOptions.IdleTimeout"/>: functions scale to zero.</summary>
internal sealed partial class IdleSandboxReaper(
    NodeWorker worker, FunctionsOptions options, TimeProvider time, ILogger<IdleSandboxReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await worker.RemoveIdleAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogReaperFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.ReaperFailed, Level = LogLevel.Warning, Message = "Could not remove idle sandboxes; trying again later")]
    private static partial void LogReaperFailed(ILogger logger, Exception exception);
}
