using Kumo.Abstractions.Functions;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>
/// Carries out the keep-alive on this node: unloads idle sandboxes whose time ran out (functions scale to zero; a
/// provisioned one never goes) and loads a sandbox for a function shortly before its next invocation is expected (a
/// pre-warm its coordinator asked for). It sleeps on the <see cref="TimeProvider"/> until the next of these is due, at
/// most <see cref="MaxSleep"/>, and wakes early when something new falls due sooner.
/// </summary>
internal sealed partial class KeepAliveLoop(
    NodeWorker worker, IFunctionStore functions, WarmStarter starter, TimeProvider time, ILogger<KeepAliveLoop> logger) : BackgroundService
{
    /// <summary>The longest the loop sleeps, whatever is planned.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogKeepAliveFailed(logger, e);
                }

                await worker.KeepAlive.WaitAsync(NextWakeAt(), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>When the loop next has something to do: the next unload or pre-warm, or <see cref="MaxSleep"/> from now.</summary>
    public DateTimeOffset NextWakeAt()
    {
        var next = time.GetUtcNow() + MaxSleep;
        if (worker.NextExpiryAt() is { } expiry && expiry < next)
        {
            next = expiry;
        }

        if (worker.KeepAlive.NextPreWarmAt() is { } preWarm && preWarm < next)
        {
            next = preWarm;
        }

        return next;
    }

    /// <summary>Does what is due now: removes idle sandboxes whose time ran out, then starts the pre-warms due.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        await worker.RemoveIdleAsync();
        foreach (var preWarm in worker.KeepAlive.TakeDuePreWarms(time.GetUtcNow()))
        {
            try
            {
                await PreWarmAsync(preWarm.Function, preWarm.Until, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                LogPreWarmFailed(logger, e, FunctionKeys.Of(preWarm.Function.TenantId, preWarm.Function.Name));
            }
        }
    }

    /// <summary>
    /// Has a sandbox of the function's current revision idle on this node until <paramref name="until"/>: one still here
    /// (say, a sandbox a burst needed) is kept that long; otherwise one is started and offered to the coordinator.
    /// </summary>
    private async Task PreWarmAsync(PreWarmTarget target, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var function = await functions.GetAsync(target.TenantId, target.Name, cancellationToken);
        if (function is not { State: FunctionState.Active } || FunctionActivation.IsPreparing(function) || until <= time.GetUtcNow())
        {
            // Deleted, failed or changing meanwhile: its next invocation starts one as usual.
            return;
        }

        var key = FunctionKeys.Of(function.TenantId, function.Name);
        if (worker.FindIdle(key, SandboxRevision.Of(function)) is { } idle)
        {
            if (idle.Provisioned || idle.ExpiresAt >= until || worker.KeepIdleUntil(idle, idle.IdlePeriod, until))
            {
                LogPreWarmKept(logger, key, idle.Id, until);
                return;
            }
        }

        var started = await starter.StartAsync(function, SandboxOrigin.PreWarmed, until, cancellationToken);
        if (started.Started)
        {
            LogPreWarmed(logger, key, started.SandboxId!, until);
        }
    }

    [LoggerMessage(EventId = EventIds.KeepAliveFailed, Level = LogLevel.Warning, Message = "The keep-alive could not unload idle sandboxes; trying again later")]
    private static partial void LogKeepAliveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.PreWarmFailed, Level = LogLevel.Warning, Message = "Could not pre-warm a sandbox of {Function}")]
    private static partial void LogPreWarmFailed(ILogger logger, Exception exception, string function);

    [LoggerMessage(EventId = EventIds.PreWarmed, Level = LogLevel.Debug, Message = "Pre-warmed sandbox {SandboxId} of {Function}, kept until {Until}")]
    private static partial void LogPreWarmed(ILogger logger, string function, string sandboxId, DateTimeOffset until);

    [LoggerMessage(EventId = EventIds.PreWarmKept, Level = LogLevel.Debug, Message = "Pre-warm of {Function}: idle sandbox {SandboxId} is kept until {Until} instead")]
    private static partial void LogPreWarmKept(ILogger logger, string function, string sandboxId, DateTimeOffset until);
}
