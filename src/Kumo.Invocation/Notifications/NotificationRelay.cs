using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Objects;
using Kumo.Core.Invocations;
using Kumo.Invocation.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kumo.Invocation.Notifications;

/// <summary>
/// Turns changes to objects in buckets with a notification configuration into asynchronous invocations. It reads the
/// store's change feed in order, in batches, when the store signals a change (and every few seconds regardless);
/// matches each change against the bucket's configuration as it was when the change was made (kept with the change,
/// so a bucket deleted or re-created meanwhile changes nothing); queues one event (S3's event record) per matching
/// configuration, under an idempotency key made from the change and the configuration, so that a crash after queuing
/// and before acknowledging queues nothing twice; and then acknowledges the batch. A change that invokes nothing — its
/// bucket or configuration is gone, or its function was deleted — is logged and acknowledged; a failure of the store
/// or the queue leaves the batch unacknowledged, to be tried again after a growing pause, so no change is lost.
/// An invocation that would continue a recursive loop (<see cref="TraceLineage"/>) is not queued to run: it is stored
/// as a dead letter, with the reason, and logged.
/// </summary>
internal sealed partial class NotificationRelay(
    IEventInvoker events,
    IEventQueue queue,
    IFunctionStore functions,
    EventQueueReady ready,
    FunctionsOptions options,
    TimeProvider time,
    ILogger<NotificationRelay> logger,
    IObjectChangeFeed? feed = null,
    IObjectStore? store = null) : BackgroundService
{
    /// <summary>How many changes are read at once.</summary>
    public const int BatchSize = 100;

    /// <summary>The error type of an event stopped as part of a recursive loop, as Lambda names it.</summary>
    public const string RecursiveInvocationError = "RecursiveInvocationException";

    /// <summary>How long the relay waits for the store's signal before it looks anyway.</summary>
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feed is null || store is null)
        {
            return;
        }

        try
        {
            await ready.WhenReady.WaitAsync(stoppingToken);
            var failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                int relayed;
                try
                {
                    relayed = await RelayOnceAsync(stoppingToken);
                    failures = 0;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    var delay = TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << Math.Min(failures, 10), LongestRetry.Ticks));
                    failures++;
                    LogRelayFailed(logger, e, delay.TotalSeconds);
                    await Task.Delay(delay, time, stoppingToken);
                    continue;
                }

                if (relayed < BatchSize)
                {
                    await WaitForChangeAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads one batch of changes, hands each on and acknowledges them; returns how many there were.</summary>
    internal async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        if (feed is null || store is null)
        {
            return 0;
        }

        var changes = await feed.ReadChangesAsync(BatchSize, cancellationToken);
        if (changes.Count == 0)
        {
            return 0;
        }

        // A change carries the configuration in force when it was made; changes recorded before Kumo kept it are matched
        // against the bucket's present one, with one look at each bucket per batch.
        var buckets = new Dictionary<string, (BucketInfo? Bucket, BucketNotification? Notification)>(StringComparer.Ordinal);
        var documents = new Dictionary<string, BucketNotification?>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            BucketInfo bucket;
            BucketNotification? notification;
            if (change.Notification is { } document)
            {
                if (!documents.TryGetValue(document, out notification))
                {
                    notification = Parse(document, change.Bucket);
                    documents[document] = notification;
                }

                bucket = new BucketInfo(change.TenantId, change.Bucket, change.Time, change.Region ?? options.Region);
            }
            else
            {
                if (!buckets.TryGetValue(change.Bucket, out var view))
                {
                    view = await LookAsync(change.Bucket, cancellationToken);
                    buckets[change.Bucket] = view;
                }

                if (view.Bucket is not { } present || present.TenantId != change.TenantId)
                {
                    LogDropped(logger, change.Sequence, change.Bucket, change.Key, "the bucket no longer has a notification configuration");
                    continue;
                }

                (bucket, notification) = (present, view.Notification);
            }

            if (notification is null)
            {
                LogDropped(logger, change.Sequence, change.Bucket, change.Key, "the bucket no longer has a notification configuration");
                continue;
            }

            foreach (var configuration in notification.Matching(change))
            {
                await HandOnAsync(change, bucket, configuration, cancellationToken);
            }
        }

        await feed.AcknowledgeChangesAsync([.. changes.Select(c => c.Sequence)], cancellationToken);
        return changes.Count;
    }

    /// <summary>The key under which the event for one change and one configuration is queued: the same every time the change is read.</summary>
    internal static string IdempotencyKey(long sequence, string configurationId) =>
        $"s3-notification/{sequence}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configurationId)))[..16]}";

    private async Task<(BucketInfo?, BucketNotification?)> LookAsync(string name, CancellationToken cancellationToken)
    {
        var bucket = await store!.GetBucketAsync(name, cancellationToken);
        if (bucket is null)
        {
            return (null, null);
        }

        var setting = await store.GetBucketSettingAsync(name, BucketSettings.Notification, cancellationToken);
        return (bucket, setting is null ? null : Parse(setting, name));
    }

    private BucketNotification? Parse(string document, string bucket)
    {
        try
        {
            return BucketNotification.FromJson(document);
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, e, bucket);
            return null;
        }
    }

    private async Task HandOnAsync(ObjectChange change, BucketInfo bucket, FunctionNotification configuration, CancellationToken cancellationToken)
    {
        var functionId = TraceLineage.FunctionId(change.TenantId, configuration.FunctionName);
        var lineage = TraceLineage.FromTraceHeader(change.Origin?.TraceHeader).Next(functionId);
        var trace = TraceContext.From(change.Origin?.TraceHeader, null, change.Time) with { Lineage = lineage.ToString() };
        var request = new InvokeRequest
        {
            TenantId = change.TenantId,
            FunctionName = configuration.FunctionName,
            Qualifier = configuration.Qualifier,
            Payload = S3EventRecord.Create(change, bucket, configuration.Id),
            Trigger = InvocationTriggers.S3,
            AmznTraceId = trace.Header,
            IdempotencyKey = IdempotencyKey(change.Sequence, configuration.Id),
        };

        if (lineage.CountOf(functionId) >= TraceLineage.Limit)
        {
            await StopLoopAsync(change, request, cancellationToken);
            return;
        }

        var acceptance = await events.EnqueueAsync(request, cancellationToken);
        switch (acceptance.Status)
        {
            case EventAcceptanceStatus.Accepted:
                break;
            case EventAcceptanceStatus.NotFound:
                LogFunctionGone(logger, change.Bucket, configuration.Id, configuration.FunctionName, change.Sequence, change.Key);
                break;
            default:
                LogRefused(logger, change.Sequence, change.Bucket, change.Key, configuration.FunctionName, acceptance.Message ?? acceptance.Status.ToString());
                break;
        }
    }

    /// <summary>Stores the event as a dead letter that never ran, with the reason, instead of queuing it to run.</summary>
    private async Task StopLoopAsync(ObjectChange change, InvokeRequest request, CancellationToken cancellationToken)
    {
        if (await functions.GetAsync(request.TenantId, request.FunctionName, cancellationToken) is null)
        {
            LogFunctionGone(logger, change.Bucket, "-", request.FunctionName, change.Sequence, change.Key);
            return;
        }

        var reason = RecursiveInvocationError + ": " + LoopMessage(request.FunctionName, change.Bucket, change.Key);
        var now = time.GetUtcNow();
        var stopped = new QueuedEvent
        {
            TenantId = request.TenantId,
            RequestId = Guid.NewGuid().ToString(),
            FunctionName = request.FunctionName,
            Qualifier = request.Qualifier,
            Payload = request.Payload,
            AmznTraceId = request.AmznTraceId,
            Trigger = request.Trigger,
            EnqueuedAt = now,
            NextAttemptAt = now,
            Status = QueuedEventStatus.Failed,
            LastError = reason,
            FinishedAt = now,
        };
        var holder = await queue.EnqueueOnceAsync(stopped, request.IdempotencyKey!, options.IdempotencyWindow, CancellationToken.None);
        if (holder.Claimed)
        {
            LogLoopStopped(logger, stopped.RequestId, reason);
        }
    }

    /// <summary>What a stopped loop's dead letter says: what happened, and how to end the loop.</summary>
    internal static string LoopMessage(string functionName, string bucket, string key) =>
        $"Kumo stopped a recursive loop: function '{functionName}' was invoked {TraceLineage.Limit} times in one chain of events " +
        $"(its own writes to bucket '{bucket}' invoking it again), and this event, for key '{key}', was not run. To end the loop, " +
        "make the function write where its notification does not match (another bucket, or keys outside the configuration's " +
        "prefix/suffix filter), or change the filter; then send the event back with 'kumo dlq redrive' if it should run.";

    private async Task WaitForChangeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await feed!.WhenChangedAsync(stoppingToken).WaitAsync(FallbackPoll, time, stoppingToken);
        }
        catch (TimeoutException)
        {
            // Looked anyway: a signal lost to a crash in between (or a change written by another node) is picked up.
        }
    }

    [LoggerMessage(EventId = EventIds.NotificationRelayFailed, Level = LogLevel.Warning,
        Message = "Could not hand on changes to objects in buckets with notifications; trying again in {Seconds} s")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(EventId = EventIds.NotificationDropped, Level = LogLevel.Information,
        Message = "Change {Sequence} to {Bucket}/{Key} invokes nothing: {Reason}")]
    private static partial void LogDropped(ILogger logger, long sequence, string bucket, string key, string reason);

    [LoggerMessage(EventId = EventIds.NotificationDropped, Level = LogLevel.Warning,
        Message = "Bucket {Bucket}'s notification configuration {ConfigurationId} names function {FunctionName}, which does not exist; " +
            "change {Sequence} ({Key}) invoked nothing. Create the function, or remove it from the configuration")]
    private static partial void LogFunctionGone(ILogger logger, string bucket, string configurationId, string functionName, long sequence, string key);

    [LoggerMessage(EventId = EventIds.NotificationDropped, Level = LogLevel.Warning,
        Message = "Bucket {Bucket}'s notification configuration cannot be read, so its changes invoke nothing; set it again with PutBucketNotificationConfiguration")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string bucket);

    [LoggerMessage(EventId = EventIds.NotificationRefused, Level = LogLevel.Warning,
        Message = "Change {Sequence} to {Bucket}/{Key} was not queued for function {FunctionName}: {Reason}")]
    private static partial void LogRefused(ILogger logger, long sequence, string bucket, string key, string functionName, string reason);

    [LoggerMessage(EventId = EventIds.RecursiveLoopStopped, Level = LogLevel.Warning, Message = "Event {RequestId} is a dead letter: {Reason}")]
    private static partial void LogLoopStopped(ILogger logger, string requestId, string reason);
}
