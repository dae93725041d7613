namespace Kumo.Core.KeepAlive;

/// <summary>How one function's idle sandboxes are kept: which policy, and its parameters.</summary>
public sealed record KeepAliveSettings
{
    /// <summary>The policy; <see cref="KeepAlivePolicyKind.Fixed"/> unless chosen otherwise.</summary>
    public KeepAlivePolicyKind Policy { get; init; } = KeepAlivePolicyKind.Fixed;

    /// <summary>
    /// The fixed policy's idle time (10 minutes by default); the hybrid policy keeps sandboxes this long while it has
    /// too few samples to decide.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The hybrid policy's parameters (also kept, unused, under the fixed policy).</summary>
    public HybridHistogramOptions Hybrid { get; init; } = new();

    /// <summary>Every problem with these settings, each naming the setting and what is allowed; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Policy))
        {
            problems.Add($"Policy is {(int)Policy}: use Fixed or Hybrid");
        }

        if (IdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"IdleTimeout is {IdleTimeout}: use more than zero, such as 00:10:00");
        }

        if (Hybrid is null)
        {
            problems.Add("Hybrid is missing: use new HybridHistogramOptions() for the defaults");
        }
        else
        {
            problems.AddRange(Hybrid.Validate());
        }

        return problems;
    }

    /// <summary>The policy these settings choose.</summary>
    /// <exception cref="ArgumentException">The settings cannot be used; the message lists every problem.</exception>
    public IKeepAlivePolicy CreatePolicy()
    {
        ThrowIfInvalid();
        return Policy == KeepAlivePolicyKind.Hybrid
            ? new HybridHistogramPolicy(Hybrid, IdleTimeout)
            : new FixedKeepAlivePolicy(IdleTimeout);
    }

    /// <summary>Throws when the settings cannot be used, listing every problem.</summary>
    /// <exception cref="ArgumentException">The settings cannot be used.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("keep-alive settings cannot be used: " + string.Join("; ", problems));
        }
    }
}
