namespace Kumo.Core.KeepAlive;

/// <summary>
/// One function's keep-alive state: how many of its invocations run, since when it has been idle, and the idle times
/// learned so far. It is told when invocations start and end (the times are passed in; it reads no clock) and answers
/// each end with a <see cref="KeepAliveDecision"/>. An idle time runs from the moment the last running invocation ended
/// to the next arrival, so overlapping invocations give no sample. Not thread-safe: one caller at a time, as a
/// function's grain. Allocates nothing after construction.
/// </summary>
public sealed class FunctionKeepAlive
{
    private DateTimeOffset? _lastEnd;
    private IKeepAlivePolicy _policy;

    /// <summary>The state of a function not yet invoked, deciding with the policy <paramref name="settings"/> choose.</summary>
    /// <param name="settings">The function's keep-alive settings.</param>
    /// <exception cref="ArgumentException">The settings cannot be used; the message lists every problem.</exception>
    public FunctionKeepAlive(KeepAliveSettings settings)
        : this(
            (settings ?? throw new ArgumentNullException(nameof(settings))).CreatePolicy(),
            new IdleTimeHistogram(settings.Hybrid.BinWidth, settings.Hybrid.BinCount, settings.Hybrid.MaxSamples),
            new EwmaIdleTimeForecaster())
    {
    }

    /// <summary>The state of a function not yet invoked, with its parts given.</summary>
    /// <param name="policy">The policy that decides after each invocation.</param>
    /// <param name="histogram">An empty histogram for the function's idle times.</param>
    /// <param name="forecaster">A forecaster with no observation, for the idle times beyond the histogram's range.</param>
    public FunctionKeepAlive(IKeepAlivePolicy policy, IdleTimeHistogram histogram, IIdleTimeForecaster forecaster)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentNullException.ThrowIfNull(forecaster);
        _policy = policy;
        Histogram = histogram;
        Forecaster = forecaster;
    }

    /// <summary>
    /// The policy that decides after each invocation. It may be replaced between invocations (the function's setting
    /// changed): what was learned so far is kept, so a function switched to another policy need not learn again.
    /// </summary>
    public IKeepAlivePolicy Policy
    {
        get => _policy;
        set => _policy = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The idle times seen so far.</summary>
    public IdleTimeHistogram Histogram { get; }

    /// <summary>The forecaster of idle times beyond the histogram's range; it sees only those.</summary>
    public IIdleTimeForecaster Forecaster { get; }

    /// <summary>How many invocations are running.</summary>
    public int Running { get; private set; }

    /// <summary>When the function became idle (its last running invocation ended); null while one runs or before the first.</summary>
    public DateTimeOffset? IdleSince => Running == 0 ? _lastEnd : null;

    /// <summary>
    /// An invocation arrived. When none was running, the idle time since the last end is learned (an arrival stamped
    /// before that end, as between two nodes' clocks, counts as an idle time of zero).
    /// </summary>
    /// <param name="at">When it arrived.</param>
    /// <returns>The idle time learned; null when an invocation was running or this is the first.</returns>
    public TimeSpan? OnArrival(DateTimeOffset at)
    {
        TimeSpan? idle = null;
        if (Running == 0 && _lastEnd is { } since)
        {
            idle = at > since ? at - since : TimeSpan.Zero;
            Histogram.Add(idle.Value);
            if (idle.Value >= Histogram.Range)
            {
                Forecaster.Observe(idle.Value);
            }
        }

        Running++;
        return idle;
    }

    /// <summary>An invocation ended: what to do with the sandbox that ran it, and whether to pre-warm one.</summary>
    /// <param name="at">When it ended.</param>
    /// <exception cref="InvalidOperationException">No invocation is running: each end needs its arrival first.</exception>
    public KeepAliveDecision OnCompletion(DateTimeOffset at)
    {
        if (Running == 0)
        {
            throw new InvalidOperationException("an invocation ended but none was running: call OnArrival for each invocation before its OnCompletion");
        }

        Running--;
        if (_lastEnd is not { } last || at > last)
        {
            _lastEnd = at;
        }

        return Policy.Decide(this, at);
    }
}
