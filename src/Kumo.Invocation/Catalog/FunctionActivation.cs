using System.Collections.Concurrent;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Storage;
using Kumo.Sandbox.Code;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Catalog;

/// <summary>
/// Prepares a function's code after a create or a code update — unpacks it once on this node — and then marks
/// the function Active (or Failed, with the reason). Invocations that arrive meanwhile wait for it.
/// </summary>
internal sealed partial class FunctionActivation(
    IFunctionStore store,
    ICodePackageStore packages,
    CodeCache codeCache,
    ILogger<FunctionActivation> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _preparing = new(StringComparer.Ordinal);

    /// <summary>Whether the function still has code to prepare.</summary>
    public static bool IsPreparing(FunctionConfiguration function) =>
        function.State == FunctionState.Pending || function.LastUpdateStatus == LastUpdateStatus.InProgress;

    /// <summary>Starts preparing the function's current revision, unless that is under way.</summary>
    public Task StartAsync(FunctionConfiguration function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var key = FunctionKeys.Of(function.TenantId, function.Name) + "@" + function.RevisionId;
        var work = _preparing.GetOrAdd(key, _ => new Lazy<Task>(() => Task.Run(() => PrepareAsync(function, key))));
        return work.Value;
    }

    /// <summary>Waits until the function is prepared, at most <paramref name="timeout"/>; returns it as stored then (null when deleted).</summary>
    public async Task<FunctionConfiguration?> WaitAsync(FunctionConfiguration function, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        try
        {
            await StartAsync(function).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return function;
        }

        return await store.GetAsync(function.TenantId, function.Name, cancellationToken);
    }

    private async Task PrepareAsync(FunctionConfiguration function, string key)
    {
        try
        {
            string? failure = null;
            try
            {
                await codeCache.GetAsync(
                    function.CodeSha256,
                    async token => await packages.OpenReadAsync(function.CodeSha256, token)
                        ?? throw new InvalidDataException($"code package {function.CodeSha256} is missing from the package store"),
                    CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                failure = e.Message;
            }

            await MarkPreparedAsync(function, failure);
            if (failure is null)
            {
                LogActivated(logger, function.Name, function.RevisionId);
            }
            else
            {
                LogActivationFailed(logger, function.Name, failure);
            }
        }
        finally
        {
            _preparing.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Records the outcome on the function as stored now, keeping its revision (preparing is not a change the user
    /// made). A change made meanwhile to other settings is kept; a new code package is left to its own preparation.
    /// </summary>
    private async Task MarkPreparedAsync(FunctionConfiguration function, string? failure)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await store.GetAsync(function.TenantId, function.Name, CancellationToken.None);
            if (current is null || current.CodeSha256 != function.CodeSha256 || !IsPreparing(current))
            {
                return;
            }

            var prepared = failure is null
                ? current with { State = FunctionState.Active, StateReason = null, LastUpdateStatus = LastUpdateStatus.Successful, LastUpdateStatusReason = null }
                : current with
                {
                    State = current.State == FunctionState.Pending ? FunctionState.Failed : current.State,
                    StateReason = current.State == FunctionState.Pending ? failure : current.StateReason,
                    LastUpdateStatus = LastUpdateStatus.Failed,
                    LastUpdateStatusReason = failure,
                };
            if (await store.UpdateAsync(prepared, current.RevisionId, CancellationToken.None))
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = EventIds.FunctionActivated, Level = LogLevel.Information, Message = "Function {Function} is active (revision {Revision})")]
    private static partial void LogActivated(ILogger logger, string function, string revision);

    [LoggerMessage(EventId = EventIds.FunctionActivationFailed, Level = LogLevel.Warning, Message = "Function {Function} failed to prepare: {Reason}")]
    private static partial void LogActivationFailed(ILogger logger, string function, string reason);
}
