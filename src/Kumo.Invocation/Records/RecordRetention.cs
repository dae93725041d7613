using Kumo.Abstractions.Invocations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Records;

/// <summary>
/// Removes invocation records and logs older than <see cref="FunctionsOptions.RecordRetention"/>: once at start-up
/// (by <see cref="FunctionsStartup"/>, after storage is ready), then hourly.
/// </summary>
internal sealed partial class RecordRetention(
    IInvocationStore store, FunctionsOptions options, TimeProvider time, ILogger<RecordRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RemoveExpiredAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Removes what is past retention now; returns how many records went.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        try
        {
            var removed = await store.DeleteOlderThanAsync(time.GetUtcNow() - options.RecordRetention, cancellationToken);
            if (removed > 0)
            {
                LogExpired(logger, removed);
            }

            return removed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRetentionFailed(logger, e);
            return 0;
        }
    }

    [LoggerMessage(EventId = EventIds.RecordsExpired, Level = LogLevel.Information, Message = "Removed {Count} invocation records past retention")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(EventId = EventIds.RetentionFailed, Level = LogLevel.Warning, Message = "Could not remove invocation records past retention")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
