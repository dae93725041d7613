using Kumo.Core.KeepAlive;

namespace Kumo.Core.Tests.KeepAlive;

/// <summary>Per-function keep-alive settings: the policy they choose and how bad values are reported.</summary>
public sealed class KeepAliveSettingsTests
{
    [Fact]
    public void Defaults_AreTheFixedTenMinutesAndThePapersHistogram()
    {
        var settings = new KeepAliveSettings();

        Assert.Empty(settings.Validate());
        var policy = Assert.IsType<FixedKeepAlivePolicy>(settings.CreatePolicy());
        Assert.Equal(TimeSpan.FromMinutes(10), policy.IdleTimeout);
        Assert.Equal(240, settings.Hybrid.BinCount);
        Assert.Equal((5.0, 99.0), (settings.Hybrid.HeadPercentile, settings.Hybrid.TailPercentile));
    }

    [Fact]
    public void CreatePolicy_Hybrid_IsTheHistogramPolicyWithTheseOptions()
    {
        var options = new HybridHistogramOptions { Range = TimeSpan.FromHours(2) };

        var policy = new KeepAliveSettings { Policy = KeepAlivePolicyKind.Hybrid, Hybrid = options }.CreatePolicy();

        Assert.Equal(KeepAlivePolicyKind.Hybrid, policy.Kind);
        Assert.Same(options, Assert.IsType<HybridHistogramPolicy>(policy).Options);
        Assert.Equal(120, new FunctionKeepAlive(new KeepAliveSettings { Hybrid = options }).Histogram.BinCount);
    }

    [Fact]
    public void Validate_ManyBadValues_ReportsEveryOneByName()
    {
        var settings = new KeepAliveSettings
        {
            IdleTimeout = TimeSpan.Zero,
            Hybrid = new HybridHistogramOptions
            {
                Range = TimeSpan.FromSeconds(90),
                HeadPercentile = 99,
                TailPercentile = 5,
                PreWarmMargin = 1.5,
                CvThreshold = double.NaN,
                MinSamples = 50,
                MaxSamples = 20,
                OutOfBoundsMargin = 1,
            },
        };

        var problems = settings.Validate();

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("IdleTimeout is 00:00:00", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hybrid.Range is 00:01:30: use a whole number of bins", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hybrid.HeadPercentile is 99 and Hybrid.TailPercentile is 5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hybrid.PreWarmMargin is 1.5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hybrid.CvThreshold is NaN", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hybrid.MaxSamples is 20", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hybrid.OutOfBoundsMargin is 1", StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => new FunctionKeepAlive(settings));
        Assert.Contains("Hybrid.PreWarmMargin is 1.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedPolicy_KeepsForItsIdleTimeWhateverTheHistory()
    {
        var function = new FunctionKeepAlive(new KeepAliveSettings { IdleTimeout = TimeSpan.FromMinutes(20) });
        var t0 = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        KeepAliveDecision decision = default;
        for (var i = 0; i < 30; i++)
        {
            function.OnArrival(t0 + TimeSpan.FromMinutes(30 * i));
            decision = function.OnCompletion(t0 + TimeSpan.FromMinutes(30 * i) + TimeSpan.FromSeconds(1));
        }

        Assert.Equal(29, function.Histogram.Samples);
        Assert.Equal(KeepAliveReason.Fixed, decision.Reason);
        Assert.Null(decision.PreWarmAt);
        Assert.Equal(decision.EndedAt + TimeSpan.FromMinutes(20), decision.UnloadAt);
    }
}
