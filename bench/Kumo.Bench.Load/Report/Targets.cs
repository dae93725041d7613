namespace Kumo.Bench.Load.Report;

/// <summary>Issue 8's targets (medians on a 2-core machine, with the pool warm), and how a figure is judged against them.</summary>
internal static class Targets
{
    public const double WarmAddedP50Ms = 0.5;
    public const double WarmAddedP99Ms = 2;
    public const double ThroughputShare = 0.5;
    public const double IdleOverheadMb = 3;

    /// <summary>The cold-start target of a runtime, p50 in ms; null when the issue sets none (Native AOT).</summary>
    public static double? ColdStartMs(string runtimeKey) => runtimeKey switch
    {
        "node" or "python" => 10,
        "dotnet" => 25,
        _ => null,
    };

    public static string Verdict(bool met) => met ? "met" : "**target missed**";
}
