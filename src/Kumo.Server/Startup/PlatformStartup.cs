using System.Diagnostics;
using Kumo.Abstractions.Lifecycle;
using Kumo.Gateway.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Server.Startup;

/// <summary>
/// Runs every <see cref="IStartupStep"/> in order once the server listens, then marks the platform ready.
/// A step that fails stops the server; the failure is kept for the caller to report.
/// </summary>
internal sealed partial class PlatformStartup(
    IEnumerable<IStartupStep> steps,
    PlatformLifecycle lifecycle,
    StartupFailure failure,
    IHostApplicationLifetime lifetime,
    ILogger<PlatformStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        foreach (var step in steps)
        {
            lifecycle.Starting(step.Name);
            LogStepStarted(logger, step.Name);
            try
            {
                await step.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failure.Record(step.Name, e);
                LogStartupFailed(logger, step.Name, e.Message);
                lifetime.StopApplication();
                return;
            }
        }

        lifecycle.MarkReady();
        LogReady(logger, clock.ElapsedMilliseconds);
    }

    [LoggerMessage(EventId = EventIds.StartupStepStarted, Level = LogLevel.Debug, Message = "Start-up: {Step}")]
    private static partial void LogStepStarted(ILogger logger, string step);

    [LoggerMessage(EventId = EventIds.PlatformReady, Level = LogLevel.Information, Message = "Platform ready in {Milliseconds} ms")]
    private static partial void LogReady(ILogger logger, long milliseconds);

    [LoggerMessage(EventId = EventIds.StartupFailed, Level = LogLevel.Error, Message = "Start-up failed at '{Step}': {Reason}")]
    private static partial void LogStartupFailed(ILogger logger, string step, string reason);
}
