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
    /// (<see cref="IFunctionGrain.OfferAsync"/>, with the revision stamp <c>function.LastModified.UtcTicks</c>); until the
    /// coordinator answered, neither the keep-alive nor a memory reservation removes it. When initialisation fails or the
    /// coordinator refuses it (or cannot be reached), the sandbox is removed, unless an invocation the coordinator sent
    /// claimed it meanwhile: that one owns it then. Never throws for those, nor when the driver cannot make it: the result
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
        catch (Exception e) when (e is SandboxException or ArgumentException)
        {
            // ArgumentException: the driver refused the spec (its code directory vanished, its runtime is not installed).
            return Failed(key, WarmStartOutcome.CreateFailed, $"the sandbox could not be made: {e.Message}");
        }

        if (sandbox is null)
        {
            return Failed(key, WarmStartOutcome.NoMemory,
                $"the node's memory budget ({worker.MemoryBudgetMb} MB) has no room for another {function.MemoryMb} MB sandbox");
        }

        var idle = false;
        var offered = false;
        try
        {
            if (await sandbox.Sandbox.WaitInitializedAsync(cancellationToken) is { } initFailure)
            {
                return Failed(key, WarmStartOutcome.InitFailed, $"the function's initialisation failed: {initFailure}");
            }

            // Idle here before the coordinator lists it, so that an invocation it sends at once can claim it; but out
            // of the keep-alive's and the memory reservations' reach until then, or the coordinator would list a
            // sandbox that is gone.
            worker.MarkIdleUnlisted(sandbox, keepUntil ?? time.GetUtcNow() + options.IdleTimeout);
            idle = true;
            offered = await OfferAsync(sandbox, function, revision);
            return offered
                ? WarmStart.Ok(sandbox.Id)
                : Failed(key, WarmStartOutcome.Refused, "the function's coordinator did not take the sandbox (the function changed meanwhile)");
        }
        finally
        {
            if (idle)
            {
                worker.EndListing(sandbox);
            }

            if (!idle)
            {
                // Busy, never offered: only this caller knows it.
                await worker.DiscardAsync(sandbox);
            }
            else if (!offered)
            {
                // The coordinator may have listed it even so (the answer was lost) and sent an invocation, which owns
                // it now: only an idle one goes, and out of the directory first.
                await worker.RetireIdleAsync(sandbox);
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
