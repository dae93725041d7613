using Kumo.Abstractions.Functions;
using Kumo.Invocation.Catalog;
using Kumo.Invocation.Events;
using Kumo.Invocation.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Worker;

/// <summary>
/// Keeps the sandboxes provisioned concurrency settings ask for. Each setting is reconciled to exactly its
/// <see cref="ProvisionedConcurrencyConfig.Requested"/> sandboxes of the function's current revision on this node,
/// initialised and listed with the function's coordinator before any invocation needs them: missing ones are started
/// one at a time (<see cref="WarmStarter"/>), surplus ones and those of an old revision or a deleted setting are
/// removed once idle, dead ones are replaced. What it made of each setting goes back to the store: READY when all
/// requested sandboxes are available, FAILED with the reason when the memory budget or the function's initialisation
/// stands in the way. It runs every few seconds and at once when a setting changes (<see cref="Changed"/>).
/// Provisioned sandboxes are never removed by the keep-alive or to make room for others.
/// </summary>
internal sealed partial class ProvisionedInstances(
    IServiceProvider services,
    IGrainFactory grains,
    IFunctionStore functions,
    NodeWorker worker,
    WarmStarter starter,
    EventQueueReady storageReady,
    TimeProvider time,
    ILogger<ProvisionedInstances> logger) : BackgroundService, IProvisionedConcurrencySignal
{
    /// <summary>How often settings are reconciled without a change.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(3);

    private const string Latest = "$LATEST";

    // Until a store is registered (another storage backend), there is nothing to reconcile.
    private readonly IProvisionedConcurrencyStore? _store = services.GetService<IProvisionedConcurrencyStore>();
    private readonly SemaphoreSlim _reconciling = new(1, 1);
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InitFailure> _initFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Report> _reported = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();

    public void Changed() => Volatile.Read(ref _changed).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is null)
        {
            return;
        }

        try
        {
            await storageReady.WhenReady.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                // A change signalled while this pass runs is seen by the next one, at once.
                _ = Interlocked.Exchange(ref _changed, NewSignal());
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogReconcileFailed(logger, e);
                }

                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reconciles every setting once; passes never overlap.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        await _reconciling.WaitAsync(cancellationToken);
        try
        {
            var wanted = new Dictionary<string, (ProvisionedConcurrencyConfig Setting, FunctionConfiguration Function)>(StringComparer.Ordinal);
            var settings = await _store.ListAllAsync(cancellationToken);
            foreach (var setting in settings)
            {
                if (!string.Equals(setting.Qualifier, Latest, StringComparison.Ordinal))
                {
                    await ReportAsync(setting, 0, 0, ProvisionedConcurrencyStatus.Failed,
                        $"versions are not published yet: only {Latest} can be provisioned; put the setting on {Latest}", cancellationToken);
                    continue;
                }

                // A function being deleted takes its settings with it; its sandboxes go with the setting.
                if (await functions.GetAsync(setting.TenantId, setting.FunctionName, cancellationToken) is { } function)
                {
                    wanted[FunctionKeys.Of(setting.TenantId, setting.FunctionName)] = (setting, function);
                }
            }

            await RemoveUnwantedAsync(wanted);
            foreach (var (key, (setting, function)) in wanted)
            {
                // One setting that cannot be reconciled (its code directory vanished, its runtime is gone) does not
                // hold up the others: it is FAILED with the reason, and tried again at the next pass.
                try
                {
                    await ReconcileAsync(key, setting, function, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    await SettingFailedAsync(key, setting, function, e, cancellationToken);
                }
            }

            var live = worker.ListSandboxes().Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            _listed.RemoveWhere(id => !live.Contains(id));
            var current = settings.Select(ReportKey).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _reported.Keys.Where(k => !current.Contains(k)).ToList())
            {
                _reported.Remove(gone);
            }

            foreach (var gone in _initFailures.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                _initFailures.Remove(gone);
            }
        }
        finally
        {
            _reconciling.Release();
        }
    }

    /// <summary>Removes idle provisioned sandboxes no setting wants: deleted settings, old revisions, dead runtimes.</summary>
    private async Task RemoveUnwantedAsync(Dictionary<string, (ProvisionedConcurrencyConfig Setting, FunctionConfiguration Function)> wanted)
    {
        foreach (var sandbox in worker.ListSandboxes().Where(s => s is { Provisioned: true, IsIdle: true }))
        {
            var keep = wanted.TryGetValue(sandbox.FunctionKey, out var setting)
                && string.Equals(sandbox.RevisionId, SandboxRevision.Of(setting.Function), StringComparison.Ordinal)
                && sandbox.Sandbox.IsReusable;
            if (!keep && await worker.RetireIdleAsync(sandbox))
            {
                _listed.Remove(sandbox.Id);
                LogRemoved(logger, sandbox.Id, sandbox.FunctionKey);
            }
        }
    }

    private async Task ReconcileAsync(string key, ProvisionedConcurrencyConfig setting, FunctionConfiguration function, CancellationToken cancellationToken)
    {
        var requested = setting.Requested;
        if (FunctionActivation.IsPreparing(function) || function.State == FunctionState.Failed)
        {
            var reason = FunctionActivation.IsPreparing(function)
                ? "the function's code is being prepared"
                : $"the function failed: {function.StateReason}; update its code";
            var status = FunctionActivation.IsPreparing(function) ? ProvisionedConcurrencyStatus.InProgress : ProvisionedConcurrencyStatus.Failed;
            await ReportAsync(setting, 0, 0, status, reason, cancellationToken);
            return;
        }

        var revision = SandboxRevision.Of(function);
        var mine = Provisioned(key, revision);

        // Surplus: idle ones go now; a busy one goes at a later pass, once its invocation has ended.
        foreach (var idle in mine.Where(s => s.IsIdle).Take(Math.Max(0, mine.Count - requested)).ToList())
        {
            if (await worker.RetireIdleAsync(idle))
            {
                _listed.Remove(idle.Id);
                LogRemoved(logger, idle.Id, key);
            }
        }

        mine = Provisioned(key, revision);
        await OfferAgainAsync(key, mine, function, revision);
        mine = Provisioned(key, revision);
        string? failure = null;
        if (_initFailures.TryGetValue(key, out var known) && known.RequestedAt == setting.LastModified && known.Revision == revision)
        {
            // Not tried again until the setting is put again or the function changes: it would fail the same way.
            failure = known.Reason;
        }
        else
        {
            _initFailures.Remove(key);
            while (mine.Count < requested)
            {
                if (!CouldFit(function.MemoryMb))
                {
                    // Trying would only remove idle sandboxes of other functions and still fail.
                    failure = $"the node's memory budget ({worker.MemoryBudgetMb} MB) has no room for another {function.MemoryMb} MB sandbox: " +
                        $"{mine.Count} of {requested} provisioned sandboxes fit";
                    break;
                }

                await ReportAsync(setting, mine.Count + 1, Available(mine), ProvisionedConcurrencyStatus.InProgress, null, cancellationToken);
                var start = await starter.StartAsync(function, SandboxOrigin.Provisioned, keepUntil: null, cancellationToken);
                if (!start.Started)
                {
                    failure = start.Outcome == WarmStartOutcome.NoMemory
                        ? $"{start.Failure}: {mine.Count} of {requested} provisioned sandboxes fit"
                        : start.Failure;
                    if (start.Outcome is WarmStartOutcome.InitFailed or WarmStartOutcome.CreateFailed)
                    {
                        _initFailures[key] = new InitFailure(setting.LastModified, revision, failure!);
                    }

                    break;
                }

                _listed.Add(start.SandboxId!);
                LogStarted(logger, start.SandboxId!, key, mine.Count + 1, requested);
                mine = Provisioned(key, revision);
            }
        }

        var available = Available(mine);
        var outcome = available >= requested
            ? ProvisionedConcurrencyStatus.Ready
            : failure is null ? ProvisionedConcurrencyStatus.InProgress : ProvisionedConcurrencyStatus.Failed;
        await ReportAsync(setting, Math.Min(mine.Count, requested), Math.Min(available, requested), outcome,
            outcome == ProvisionedConcurrencyStatus.Ready ? null : failure, cancellationToken);
    }

    /// <summary>
    /// Offers each idle provisioned sandbox to the function's coordinator again. Its directory lives in memory only: once
    /// Orleans collects an activation that had no calls for a while, the next one knows none of them, and without this
    /// they would idle here unused, counted as available, while every invocation starts cold. Offers are idempotent: a
    /// listed sandbox stays listed once. One the coordinator refuses (the function changed since this pass read it) is
    /// removed; one it cannot be asked about now stays as it is until the next pass.
    /// </summary>
    private async Task OfferAgainAsync(string key, List<WorkerSandbox> mine, FunctionConfiguration function, string revision)
    {
        var coordinator = grains.GetGrain<IFunctionGrain>(key);
        foreach (var sandbox in mine.Where(s => s is { IsIdle: true, AwaitingListing: false }))
        {
            bool listed;
            try
            {
                listed = await coordinator.OfferAsync(new IdleSandbox(sandbox.Id, revision, worker.NodeId, Provisioned: true), function.LastModified.UtcTicks);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException)
            {
                LogOfferAgainFailed(logger, e, sandbox.Id, key);
                continue;
            }

            if (listed)
            {
                _listed.Add(sandbox.Id);
            }
            else if (await worker.RetireIdleAsync(sandbox))
            {
                _listed.Remove(sandbox.Id);
                LogRemoved(logger, sandbox.Id, key);
            }
        }
    }

    /// <summary>Reports a setting whose reconciliation failed unexpectedly as FAILED, with the reason.</summary>
    private async Task SettingFailedAsync(
        string key, ProvisionedConcurrencyConfig setting, FunctionConfiguration function, Exception failure, CancellationToken cancellationToken)
    {
        LogSettingFailed(logger, failure, key);
        try
        {
            var mine = Provisioned(key, SandboxRevision.Of(function));
            await ReportAsync(setting, Math.Min(mine.Count, setting.Requested), Math.Min(Available(mine), setting.Requested),
                ProvisionedConcurrencyStatus.Failed, $"the provisioned sandboxes could not be made: {failure.Message}", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // The store itself failed: the pass goes on with the other settings, and the next one reports again.
            LogReconcileFailed(logger, e);
        }
    }

    /// <summary>Whether a sandbox of <paramref name="memoryMb"/> fits once idle sandboxes (not provisioned ones) and ready stems make room.</summary>
    private bool CouldFit(int memoryMb)
    {
        var idleMb = worker.ListSandboxes().Where(s => s is { IsIdle: true, Provisioned: false, AwaitingListing: false }).Sum(s => s.MemoryMb);
        return worker.Memory.FreeMb + idleMb + worker.Pool.StemMemoryMb >= memoryMb;
    }

    /// <summary>The function's live provisioned sandboxes of <paramref name="revision"/> on this node, busy or idle.</summary>
    private List<WorkerSandbox> Provisioned(string key, string revision) =>
        worker.ListSandboxes()
            .Where(s => s.Provisioned && s.FunctionKey == key && s.RevisionId == revision && s.Sandbox.IsReusable)
            .ToList();

    /// <summary>How many of them are initialised and listed (idle, or busy with an invocation).</summary>
    private int Available(List<WorkerSandbox> sandboxes) => sandboxes.Count(s => _listed.Contains(s.Id));

    /// <summary>Writes what was made of a setting, when it differs from what the store holds (or this pass reported last).</summary>
    private async Task ReportAsync(
        ProvisionedConcurrencyConfig setting, int allocated, int available, ProvisionedConcurrencyStatus status, string? reason, CancellationToken cancellationToken)
    {
        var key = ReportKey(setting);
        var report = new Report(setting.LastModified, allocated, available, status, reason);
        var stored = new Report(setting.LastModified, setting.Allocated, setting.Available, setting.Status, setting.StatusReason);
        if (report == (_reported.TryGetValue(key, out var last) && last.RequestedAt == setting.LastModified ? last : stored))
        {
            return;
        }

        await _store!.UpdateStatusAsync(
            setting.TenantId, setting.FunctionName, setting.Qualifier, setting.LastModified, allocated, available, status, reason, cancellationToken);
        _reported[key] = report;
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sleep = Task.Delay(Period, time, stop.Token);
        await Task.WhenAny(sleep, Volatile.Read(ref _changed).Task);
        // Stops the timer of a sleep cut short, so that none is left behind.
        await stop.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    public override void Dispose()
    {
        _reconciling.Dispose();
        base.Dispose();
    }

    private static string ReportKey(ProvisionedConcurrencyConfig setting) =>
        FunctionKeys.Of(setting.TenantId, setting.FunctionName) + ":" + setting.Qualifier;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record InitFailure(DateTimeOffset RequestedAt, string Revision, string Reason);

    private sealed record Report(
        DateTimeOffset RequestedAt, int Allocated, int Available, ProvisionedConcurrencyStatus Status, string? Reason);

    [LoggerMessage(EventId = EventIds.ProvisionedReconcileFailed, Level = LogLevel.Warning, Message = "Could not reconcile provisioned concurrency; trying again shortly")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.ProvisionedSettingFailed, Level = LogLevel.Warning, Message = "Could not reconcile the provisioned concurrency of {Function}; it is FAILED until the next pass")]
    private static partial void LogSettingFailed(ILogger logger, Exception exception, string function);

    [LoggerMessage(EventId = EventIds.ProvisionedOfferFailed, Level = LogLevel.Warning, Message = "Could not offer provisioned sandbox {SandboxId} of {Function} to its coordinator again; trying at the next pass")]
    private static partial void LogOfferAgainFailed(ILogger logger, Exception exception, string sandboxId, string function);

    [LoggerMessage(EventId = EventIds.ProvisionedStarted, Level = LogLevel.Information, Message = "Provisioned sandbox {SandboxId} of {Function} is ready ({Count} of {Requested})")]
    private static partial void LogStarted(ILogger logger, string sandboxId, string function, int count, int requested);

    [LoggerMessage(EventId = EventIds.ProvisionedRemoved, Level = LogLevel.Information, Message = "Removed provisioned sandbox {SandboxId} of {Function}")]
    private static partial void LogRemoved(ILogger logger, string sandboxId, string function);
}
