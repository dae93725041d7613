using System.Globalization;

namespace Kumo.Bench.Load.Report;

/// <summary>Numbers as the report prints them.</summary>
internal static class Format
{
    /// <summary>Milliseconds: three decimals below 1 ms, two below 10, one above.</summary>
    public static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(Math.Abs(value) < 1 ? "0.000" : Math.Abs(value) < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Mb(double value) => double.IsNaN(value) ? "–" : value.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Percent(double share) => double.IsNaN(share) ? "–" : (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
