using Kumo.Bench.Load.Platform;

namespace Kumo.Bench.Load.Report;

/// <summary>One measured invocation: when the driver sent it and when it ended (handler entered, or answer read), both ms since the epoch, with its record.</summary>
internal sealed record PhaseSample(double SentMs, double EndMs, InvocationPhasesRecord Record);
