using Kumo.Bench.Simulator.Trace;

namespace Kumo.Bench.Simulator.Engine;

/// <summary>
/// A function's arrival times, in order, made one at a time from its invocations per minute (so a function with
/// millions of invocations takes no memory for them). Times are ticks from the trace's start.
/// </summary>
internal sealed class ArrivalStream
{
    private readonly MinuteCounts _counts;
    private readonly ArrivalSpread _spread;
    private readonly SeededRandom _random;
    private readonly double _phase;
    private int _index = -1;
    private int _left;
    private int _inMinute;
    private double _remaining;

    /// <summary>The arrivals of <paramref name="counts"/>, spread as <paramref name="spread"/> says, drawn from <paramref name="random"/>.</summary>
    public ArrivalStream(MinuteCounts counts, ArrivalSpread spread, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(random);
        _counts = counts;
        _spread = spread;
        _random = random;
        _phase = random.NextDouble();
    }

    /// <summary>The next arrival, in ticks from the trace's start; false when there are no more.</summary>
    public bool TryNext(out long ticks)
    {
        while (_left == 0)
        {
            if (++_index >= _counts.Length)
            {
                ticks = 0;
                return false;
            }

            _left = _inMinute = _counts.CountAt(_index);
            _remaining = 1;
        }

        double offset;
        if (_spread == ArrivalSpread.Even)
        {
            offset = (_phase + (_inMinute - _left)) / _inMinute;
        }
        else
        {
            // Order statistics from largest to smallest: the k-th largest of k uniforms is the previous one times U^(1/k);
            // one minus them comes out smallest first.
            _remaining *= Math.Pow(_random.NextOpenDouble(), 1.0 / _left);
            offset = 1 - _remaining;
        }

        _left--;
        ticks = (_counts.MinuteAt(_index) * TimeSpan.TicksPerMinute) + (long)(offset * TimeSpan.TicksPerMinute);
        return true;
    }
}
