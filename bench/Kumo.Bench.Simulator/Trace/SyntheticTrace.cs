using System.Globalization;

namespace Kumo.Bench.Simulator.Trace;

/// <summary>
/// Generates a trace of the shape <see cref="SyntheticTraceOptions"/> describes, as invocations per minute like the
/// Azure trace. Each function is drawn from its own random sequence of the seed, so a function does not change when
/// others are added; the grouping into applications (54 % with one function, as the paper reports) comes first.
/// </summary>
internal static class SyntheticTrace
{
    /// <summary>z of the 90th percentile of the standard normal.</summary>
    private const double Z90 = 1.2815515655446004;

    /// <summary>The trace for <paramref name="options"/>.</summary>
    public static InvocationTrace Generate(SyntheticTraceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Functions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        var apps = AppOfEachFunction(options);
        var functions = new TraceFunction[options.Functions];
        for (var i = 0; i < functions.Length; i++)
        {
            functions[i] = Function(options, i, apps[i]);
        }

        var source = string.Create(CultureInfo.InvariantCulture, $"synthetic: {options.Functions} functions, {options.Days} days, seed {options.Seed}");
        return new InvocationTrace(source, options.Days, functions);
    }

    /// <summary>A function's mean invocations per day: log10 normal, clipped to the options' bounds (before Poisson noise and timer rounding).</summary>
    public static double DailyRate(SyntheticTraceOptions options, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        // Clipped, not redrawn: redrawing the ≈ 12 % below the minimum would move them up the distribution and take
        // the share of functions that run at most hourly from 45 % to 38 %.
        var log = options.LogRateMean + (options.LogRateStdDev * random.NextGaussian());
        return Math.Pow(10, Math.Clamp(log, options.LogRateMin, options.LogRateMax));
    }

    private static int[] AppOfEachFunction(SyntheticTraceOptions options)
    {
        var random = new SeededRandom(options.Seed, stream: 0);
        var apps = new int[options.Functions];
        var app = 0;
        for (var i = 0; i < apps.Length; app++)
        {
            // 54 % of applications have one function; the rest 2 + Exp(3), so ≈ 97 % have at most 10.
            var size = random.NextDouble() < 0.54 ? 1 : Math.Min(50, 2 + (int)random.NextExponential(3));
            for (var j = 0; j < size && i < apps.Length; j++, i++)
            {
                apps[i] = app;
            }
        }

        return apps;
    }

    private static TraceFunction Function(SyntheticTraceOptions options, int index, int app)
    {
        var random = new SeededRandom(options.Seed, (ulong)index + 1);
        var perDay = DailyRate(options, random);
        var trigger = PickTrigger(options, random.NextDouble());
        var duration = Math.Min(options.DurationMaxMs, LogNormal(random, options.DurationMedianMs, options.DurationP90Ms));
        var memory = Math.Clamp(LogNormal(random, options.MemoryMedianMb, options.MemoryP90Mb), 128, 10_240);
        var minutes = options.Days * InvocationTrace.MinutesPerDay;
        var counts = trigger switch
        {
            Trigger.Timer => Timer(options, random, perDay, minutes),
            Trigger.Orchestration => Chains(options, random, perDay, minutes),
            _ => Bursty(options, random, perDay, minutes),
        };
        var name = index.ToString("x8", CultureInfo.InvariantCulture);
        var appName = app.ToString("x6", CultureInfo.InvariantCulture);
        return new TraceFunction("owner-" + appName, "app-" + appName, "fn-" + name, trigger, counts, duration, Math.Round(memory));
    }

    private static Trigger PickTrigger(SyntheticTraceOptions options, double draw)
    {
        var total = options.TriggerShares.Sum();
        var cumulative = 0.0;
        for (var i = 0; i < options.TriggerShares.Count; i++)
        {
            cumulative += options.TriggerShares[i] / total;
            if (draw < cumulative)
            {
                return (Trigger)i;
            }
        }

        return Trigger.Others;
    }

    /// <summary>Log-normal with the given median and 90th percentile.</summary>
    public static double LogNormal(SeededRandom random, double median, double p90) =>
        median * Math.Exp(Math.Log(p90 / median) / Z90 * random.NextGaussian());

    /// <summary>A timer: the period nearest its rate (in log terms), a random phase, one invocation per period.</summary>
    private static MinuteCounts Timer(SyntheticTraceOptions options, SeededRandom random, double perDay, int minutes)
    {
        var wanted = InvocationTrace.MinutesPerDay / perDay;
        var period = options.TimerPeriodsMinutes.MinBy(p => Math.Abs(Math.Log(p / wanted)));
        var builder = new MinuteCountsBuilder();
        for (var minute = random.NextInt(0, period - 1); minute < minutes; minute += period)
        {
            builder.Add(minute, 1);
        }

        return builder.Build();
    }

    /// <summary>Poisson arrivals, modulated by the time of day and by ON/OFF bursts, scaled so the mean rate is <paramref name="perDay"/>.</summary>
    private static MinuteCounts Bursty(SyntheticTraceOptions options, SeededRandom random, double perDay, int minutes)
    {
        var meanOn = (1 + options.BurstMaxMinutes) / 2.0;
        var meanMultiplier = (10 + options.BurstMaxMultiplier) / 2;
        var onShare = meanOn / (meanOn + options.BurstMeanGapMinutes);
        var baseRate = perDay / InvocationTrace.MinutesPerDay / ((onShare * meanMultiplier) + (1 - onShare));
        var amplitude = (options.DiurnalPeakToTrough - 1) / (options.DiurnalPeakToTrough + 1);
        var phase = (random.NextDouble() - 0.5) * Math.PI / 3;   // busiest hour within ±2 h of the others'
        var on = random.NextDouble() < onShare;
        var left = on ? random.NextInt(1, options.BurstMaxMinutes) : Gap(options, random);
        var multiplier = on ? 10 + ((options.BurstMaxMultiplier - 10) * random.NextDouble()) : 1;
        var builder = new MinuteCountsBuilder();
        for (var minute = 0; minute < minutes; minute++)
        {
            if (left == 0)
            {
                on = !on;
                left = on ? random.NextInt(1, options.BurstMaxMinutes) : Gap(options, random);
                multiplier = on ? 10 + ((options.BurstMaxMultiplier - 10) * random.NextDouble()) : 1;
            }

            var rate = baseRate * Diurnal(minute, amplitude, phase) * multiplier;
            builder.Add(minute, random.NextPoisson(rate));
            left--;
        }

        return builder.Build();
    }

    /// <summary>Orchestrations: chains of 2 to <see cref="SyntheticTraceOptions.ChainMaxLength"/> invocations in one minute, the chains Poisson and diurnal.</summary>
    private static MinuteCounts Chains(SyntheticTraceOptions options, SeededRandom random, double perDay, int minutes)
    {
        var meanLength = (2 + options.ChainMaxLength) / 2.0;
        var chainRate = perDay / InvocationTrace.MinutesPerDay / meanLength;
        var amplitude = (options.DiurnalPeakToTrough - 1) / (options.DiurnalPeakToTrough + 1);
        var phase = (random.NextDouble() - 0.5) * Math.PI / 3;
        var builder = new MinuteCountsBuilder();
        for (var minute = 0; minute < minutes; minute++)
        {
            var chains = random.NextPoisson(chainRate * Diurnal(minute, amplitude, phase));
            var count = 0;
            for (var chain = 0; chain < chains; chain++)
            {
                count += random.NextInt(2, options.ChainMaxLength);
            }

            builder.Add(minute, count);
        }

        return builder.Build();
    }

    /// <summary>1 ± amplitude over the day, busiest in the afternoon (UTC) shifted by <paramref name="phase"/>.</summary>
    private static double Diurnal(int minute, double amplitude, double phase) =>
        1 + (amplitude * Math.Sin((2 * Math.PI * (minute - (9 * 60)) / InvocationTrace.MinutesPerDay) + phase));

    private static int Gap(SyntheticTraceOptions options, SeededRandom random) =>
        Math.Max(1, (int)Math.Round(random.NextExponential(options.BurstMeanGapMinutes)));
}
