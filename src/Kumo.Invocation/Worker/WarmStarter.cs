using Kumo.Abstractions.Functions;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Placement;
using Kumo.Sandbox;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>
/// Starts a sandbox for a function ahead of need — a keep-alive pre-warm or a provisioned instance — and hands it to
/// the function's coordinator as an idle warm sandbox, so that the next invocation finds it initialised.
/// </summary>
internal sealed partial class WarmStarter(
    NodeWorker worker, SandboxSpecs specs, IGrainFactory grains, FunctionsOptions options, TimeProvider time, ILogger<WarmStarter> logger)
{
    /// <summary>
    /// Starts one sandbox of <paramref name="function"/>'s current revision on this node: builds its spec (as a cold
    /// invocation would; <c>AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency</c> for
    /// <see cref="SandboxOrigin.Provisioned"/>), takes a stem cell or makes a sandbox
    /// (<see cref="NodeWorker.AcquireAsync"/>), waits until the function has initialised
    /// (<see cref="Kumo.Sandbox.ISandbox.WaitInitializedAsync"/>), marks it idle on this node until
    /// <paramref name="keepUntil"/> (a provisioned one waits without end), and offers it to the function's coordinator
    /// (<see cref="IFunctionGrain.OfferAsync"/>, with the revision stamp <c>function.LastModified.UtcTicks</c>). When
    /// initialisation fails or the coordinator refuses it, the sandbox is removed. Never throws for those: the result
    /// says what happened.
    /// </summary>
    /// <param name="function">The function, as stored now.</param>
    /// <param name="origin"><see cref="SandboxOrigin.PreWarmed"/> (keep-alive) or <see cref="SandboxOrigin.Provisioned"/>.</param>
    /// <param name="keepUntil">Until when an idle pre-warmed sandbox stays; null: the platform's fixed idle time from now. Ignored for provisioned ones.</param>
    /// <param name="cancellationToken">Stops the wait; a sandbox not yet offered is removed then.</param>
    /// <exception cref="ArgumentException"><paramref name="origin"/> is not a warm start's.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<WarmStart> StartAsync(
        FunctionConfiguration function, SandboxOrigin origin, DateTimeOffset? keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (origin is not (SandboxOrigin.PreWarmed or SandboxOrigin.Provisioned))
        {
            throw new ArgumentException($"a warm start is {SandboxOrigin.PreWarmed} or {SandboxOrigin.Provisioned}, not {origin}", nameof(origin));
        }

        var key = FunctionKeys.Of(function.TenantId, function.Name);
        var revision = SandboxRevision.Of(function);
        WorkerSandbox? sandbox;
        try
        {
            var spec = await specs.ForAsync(function, origin, cancellationToken);
            sandbox = await worker.AcquireAsync(spec, key, revision, origin, cancellationToken);
        }
        catch (SandboxException e)
        {
            return Failed(key, WarmStartOutcome.CreateFailed, $"the sandbox could not be made: {e.Message}");
        }

        if (sandbox is null)
        {
            return Failed(key, WarmStartOutcome.NoMemory,
                $"the node's memory budget ({worker.MemoryBudgetMb} MB) has no room for another {function.MemoryMb} MB sandbox");
        }

        var offered = false;
        try
        {
            if (await sandbox.Sandbox.WaitInitializedAsync(cancellationToken) is { } initFailure)
            {
                return Failed(key, WarmStartOutcome.InitFailed, $"the function's initialisation failed: {initFailure}");
            }

            // Idle here before the coordinator lists it, so that an invocation it sends at once can claim it.
            worker.MarkIdle(sandbox, keepUntil ?? time.GetUtcNow() + options.IdleTimeout);
            offered = await OfferAsync(sandbox, function, revision);
            return offered
                ? WarmStart.Ok(sandbox.Id)
                : Failed(key, WarmStartOutcome.Refused, "the function's coordinator did not take the sandbox (the function changed meanwhile)");
        }
        finally
        {
            if (!offered)
            {
                // Busy (never offered) or idle but unlisted: either way only this caller knows it.
                await worker.DiscardAsync(sandbox);
            }
        }
    }

    private async Task<bool> OfferAsync(WorkerSandbox sandbox, FunctionConfiguration function, string revision)
    {
        try
        {
            var idle = new IdleSandbox(sandbox.Id, revision, worker.NodeId, sandbox.Provisioned);
            return await grains.GetGrain<IFunctionGrain>(sandbox.FunctionKey).OfferAsync(idle, function.LastModified.UtcTicks);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException)
        {
            LogOfferFailed(logger, e, sandbox.Id);
            return false;
        }
    }

    private WarmStart Failed(string functionKey, WarmStartOutcome outcome, string failure)
    {
        LogWarmStartFailed(logger, functionKey, failure);
        return WarmStart.Failed(outcome, failure);
    }

    [LoggerMessage(EventId = EventIds.WarmStartFailed, Level = LogLevel.Information, Message = "Could not start a sandbox ahead of need for {Function}: {Reason}")]
    private static partial void LogWarmStartFailed(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = EventIds.ReturnFailed, Level = LogLevel.Warning, Message = "Could not offer sandbox {SandboxId} to its coordinator; removing it")]
    private static partial void LogOfferFailed(ILogger logger, Exception exception, string sandboxId);
}
