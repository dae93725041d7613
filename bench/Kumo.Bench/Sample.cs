namespace Kumo.Bench;

/// <summary>Timings of one start: to the handler's entry, and the warm round trips after it, in milliseconds.</summary>
internal sealed record Sample(double ColdToHandler, IReadOnlyList<double> Warm);
