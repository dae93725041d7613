using System.Globalization;
using Kumo.Core.KeepAlive;

namespace Kumo.Bench.Simulator.Engine;

/// <summary>A keep-alive policy as the simulator compares it: a name for the table and the settings every function gets.</summary>
/// <param name="Name">The name in the report, such as <c>fixed 10 min</c>.</param>
/// <param name="Settings">The keep-alive settings of every function.</param>
internal sealed record PolicyUnderTest(string Name, KeepAliveSettings Settings)
{
    /// <summary>The baseline the wasted memory is compared with: the fixed policy's 10 minutes, Kumo's default.</summary>
    public static PolicyUnderTest FixedTenMinutes { get; } = Fixed(10);

    /// <summary>The fixed policy with <paramref name="minutes"/> of idle time.</summary>
    public static PolicyUnderTest Fixed(double minutes) => new(
        string.Create(CultureInfo.InvariantCulture, $"fixed {minutes} min"),
        new KeepAliveSettings { Policy = KeepAlivePolicyKind.Fixed, IdleTimeout = TimeSpan.FromMinutes(minutes) });

    /// <summary>The hybrid histogram policy with its defaults, and <paramref name="minutes"/> of idle time while it learns.</summary>
    public static PolicyUnderTest Hybrid(double minutes = 10) => new(
        minutes == 10 ? "hybrid" : string.Create(CultureInfo.InvariantCulture, $"hybrid ({minutes} min while learning)"),
        new KeepAliveSettings { Policy = KeepAlivePolicyKind.Hybrid, IdleTimeout = TimeSpan.FromMinutes(minutes) });

    /// <summary>
    /// Policies from a list such as <c>fixed:10,fixed:60,hybrid</c> (<c>hybrid:N</c>: N minutes while it learns);
    /// <c>fixed:10</c> comes first, listed or not, as the baseline.
    /// </summary>
    /// <returns>The policies, or the problem with the list.</returns>
    public static (IReadOnlyList<PolicyUnderTest> Policies, string? Problem) ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var policies = new List<PolicyUnderTest>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':', 2);
            double minutes = 10;
            if (parts.Length == 2
                && (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out minutes) || !(minutes is > 0 and <= 24 * 60)))
            {
                return ([], $"'{item}': the minutes after ':' must be a number of more than 0 and at most 1440");
            }

            switch (parts[0])
            {
                case "fixed" when parts.Length == 2:
                    policies.Add(Fixed(minutes));
                    break;
                case "hybrid":
                    policies.Add(Hybrid(minutes));
                    break;
                default:
                    return ([], $"'{item}' is not a policy: use fixed:MINUTES or hybrid (or hybrid:MINUTES for its idle time while it learns)");
            }
        }

        if (policies.Count == 0)
        {
            return ([], "no policy given: use for example fixed:10,fixed:20,fixed:60,hybrid");
        }

        // The baseline comes first, whether listed or not.
        return ([FixedTenMinutes, .. policies.Where(p => p.Name != FixedTenMinutes.Name).DistinctBy(p => p.Name)], null);
    }
}
