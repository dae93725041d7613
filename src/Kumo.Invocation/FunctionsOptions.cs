using Kumo.Abstractions.Functions;
using Kumo.Core.KeepAlive;
using Kumo.Core.Packages;
using Kumo.Invocation.Worker;

namespace Kumo.Invocation;

/// <summary>How functions run on this platform: limits, keep-alive, billing and records.</summary>
public sealed class FunctionsOptions
{
    /// <summary>The region shown in ARNs and given to functions as <c>AWS_REGION</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The 12-digit account id shown in ARNs.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>How long an idle sandbox is kept for reuse before it is removed (scale to zero).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The keep-alive policy of functions that do not choose their own: <see cref="KeepAlivePolicy.Fixed"/> keeps every
    /// idle sandbox for <see cref="IdleTimeout"/>; <see cref="KeepAlivePolicy.Adaptive"/> (the hybrid histogram policy)
    /// learns each function's idle times, unloads early and pre-warms shortly before the next invocation is expected.
    /// </summary>
    public KeepAlivePolicy KeepAlive { get; init; } = KeepAlivePolicy.Fixed;

    /// <summary>The adaptive keep-alive policy's parameters (the histogram's bins, percentiles, margins and thresholds).</summary>
    public HybridHistogramOptions KeepAliveHybrid { get; init; } = new();

    /// <summary>
    /// How long a function's coordinator stays in memory unused. It holds the directory of idle sandboxes and the
    /// idle times learned, so it outlives the longest keep-alive (the idle time, a function's own one, or the adaptive
    /// policy's whole histogram range) and the longest invocation (900 s plus its start), with a margin.
    /// </summary>
    public TimeSpan CoordinatorLifetime =>
        new[] { IdleTimeout, TimeSpan.FromSeconds(KeepAliveConfig.MaxIdleTimeoutSeconds), KeepAliveHybrid.Range, TimeSpan.FromSeconds(900 + 60) }.Max() + TimeSpan.FromMinutes(15);

    /// <summary>The pools of pre-warmed stem cells that cold invocations specialise instead of making a sandbox.</summary>
    public PrewarmOptions Prewarm { get; init; } = new();

    /// <summary>How many invocations may run at once on this node, across all functions.</summary>
    public int MaxConcurrency { get; init; } = 1000;

    /// <summary>
    /// The memory, in MB, that all of this node's sandboxes together may be sized to (each counts its
    /// <c>MemorySize</c>); when a new one would pass it, least recently used idle sandboxes go first.
    /// Null: three quarters of the machine's memory.
    /// </summary>
    public int? MemoryBudgetMb { get; init; }

    /// <summary>Billed durations are rounded up to a multiple of this many milliseconds (Lambda: 1).</summary>
    public int BillingGranularityMs { get; init; } = 1;

    /// <summary>How long invocation records and their logs are kept.</summary>
    public TimeSpan RecordRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long an invocation of a function still being prepared waits for it before giving up.</summary>
    public TimeSpan PendingWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest payload of an asynchronous invocation, in bytes (Lambda: 1 MB).</summary>
    public int EventPayloadLimitBytes { get; init; } = 1024 * 1024;

    /// <summary>The delay before the first retry of a failed asynchronous invocation; each next retry waits twice as long.</summary>
    public TimeSpan EventRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times a failed asynchronous invocation is retried (Lambda's default <c>MaximumRetryAttempts</c>).</summary>
    public int EventMaximumRetryAttempts { get; init; } = 2;

    /// <summary>How old an event may grow before it is no longer run (Lambda's default <c>MaximumEventAgeInSeconds</c>).</summary>
    public TimeSpan EventMaximumAge { get; init; } = TimeSpan.FromSeconds(21600);

    /// <summary>How long a repeat of an invocation with the same idempotency key returns the first one's id (and, synchronously, its response).</summary>
    public TimeSpan IdempotencyWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How many asynchronous invocations this node's dispatcher runs at once.</summary>
    public int EventDispatchConcurrency { get; init; } = 32;

    /// <summary>What a code package may be: sizes, entries, compression ratio.</summary>
    public PackageLimits Packages { get; init; } = new();

    /// <summary>The memory budget in MB, with the default applied.</summary>
    public int EffectiveMemoryBudgetMb =>
        MemoryBudgetMb ?? (int)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024) * 3 / 4);
}
