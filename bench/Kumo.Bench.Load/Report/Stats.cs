namespace Kumo.Bench.Load.Report;

/// <summary>Exact percentiles of small samples (a few dozen cold starts), by nearest rank.</summary>
internal static class Stats
{
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (int)Math.Ceiling(percentile / 100 * sorted.Count));
        return sorted[rank - 1];
    }

    public static double Median(IEnumerable<double> values) => Percentile(values, 50);
}
