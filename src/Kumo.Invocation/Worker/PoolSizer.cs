namespace Kumo.Invocation.Worker;

/// <summary>
/// How many ready stems one pool aims for: enough to cover the demand expected while a new stem starts, plus a
/// short burst horizon. Demand (stems taken and cold starts that found none) is an exponentially decayed count, so
/// the target rises with a burst and falls back to the floor when the kind goes quiet:
/// <c>target = clamp(ceil(λ·(R + H)), floor, MaxPerKind)</c>, where λ is the decayed demand rate, R the decayed
/// mean time a stem takes to start and H the burst horizon; the floor is 1 while the kind was used within
/// <see cref="PrewarmOptions.IdleKindWindow"/> (or was declared in <see cref="PrewarmOptions.Kinds"/>), else 0.
/// Pure: the clock comes in as arguments. Not thread-safe; its pool holds the lock.
/// </summary>
/// <param name="options">The pool settings.</param>
/// <param name="declared">Whether the kind was declared ahead of demand: its floor stays 1.</param>
internal sealed class PoolSizer(PrewarmOptions options, bool declared = false)
{
    // Fewer expected arrivals than this in a window is no demand: a decayed count never reaches zero by itself.
    private const double NoDemand = 0.05;

    // The weight of a new start time in the mean (the older ones keep the rest).
    private const double StartTimeWeight = 0.3;

    private double _demand;
    private DateTimeOffset _demandAt;
    private TimeSpan? _startTime;

    /// <summary>When a stem of the kind was last asked for; null before the first time.</summary>
    public DateTimeOffset? LastDemand { get; private set; }

    /// <summary>Whether the kind was declared ahead of demand.</summary>
    public bool Declared => declared;

    /// <summary>The decayed mean time a stem took from creation to ready; zero before the first one.</summary>
    public TimeSpan StartTime => _startTime ?? TimeSpan.Zero;

    /// <summary>Counts one demand at <paramref name="at"/>: a stem taken, or a cold start that found the pool empty.</summary>
    public void RecordDemand(DateTimeOffset at)
    {
        _demand = DecayedDemand(at) + 1;
        _demandAt = Later(_demandAt, at);
        LastDemand = LastDemand is { } last ? Later(last, at) : at;
    }

    /// <summary>Adds how long one stem took from creation to ready to the decayed mean.</summary>
    public void RecordStart(TimeSpan took)
    {
        var sample = took < TimeSpan.Zero ? TimeSpan.Zero : took;
        _startTime = _startTime is { } mean ? mean + ((sample - mean) * StartTimeWeight) : sample;
    }

    /// <summary>The decayed rate of demand at <paramref name="now"/>, per second.</summary>
    public double DemandRate(DateTimeOffset now) => DecayedDemand(now) * Math.Log(2) / options.DemandHalfLife.TotalSeconds;

    /// <summary>The least the pool keeps at <paramref name="now"/>: 1 while the kind is in use (or declared), else 0.</summary>
    public int Floor(DateTimeOffset now) =>
        declared || (LastDemand is { } last && now - last < options.IdleKindWindow) ? 1 : 0;

    /// <summary>How many ready stems the pool aims for at <paramref name="now"/>.</summary>
    public int Target(DateTimeOffset now)
    {
        var expected = DemandRate(now) * (StartTime + options.BurstHorizon).TotalSeconds;
        var wanted = expected < NoDemand ? 0 : (int)Math.Ceiling(Math.Min(expected, options.MaxPerKind));
        return Math.Clamp(wanted, Floor(now), options.MaxPerKind);
    }

    private double DecayedDemand(DateTimeOffset now)
    {
        // A clock read just before another thread's later one may arrive second: it decays nothing.
        var elapsed = Math.Max(0, (now - _demandAt).TotalSeconds);
        return _demand * Math.Pow(2, -elapsed / options.DemandHalfLife.TotalSeconds);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
