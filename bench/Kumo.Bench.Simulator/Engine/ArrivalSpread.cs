namespace Kumo.Bench.Simulator.Engine;

/// <summary>How a minute's invocation count becomes arrival times within the minute.</summary>
internal enum ArrivalSpread
{
    /// <summary>
    /// Evenly spaced, from a phase drawn once per function: n invocations at (phase + i)/n of the minute. A timer then
    /// fires at the same second every time, as a real schedule does.
    /// </summary>
    Even,

    /// <summary>Independent uniform times within the minute, drawn from the seed.</summary>
    Uniform,
}
