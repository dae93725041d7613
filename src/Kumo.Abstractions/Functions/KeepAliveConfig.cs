namespace Kumo.Abstractions.Functions;

/// <summary>
/// A function's own keep-alive setting. Each part left null follows the platform's (<c>kumo up --keep-alive</c> and
/// <c>--idle-timeout</c>).
/// </summary>
public sealed record KeepAliveConfig
{
    /// <summary>The shortest idle time a function may set, in seconds.</summary>
    public const int MinIdleTimeoutSeconds = 1;

    /// <summary>The longest idle time a function may set, in seconds: 4 hours, the adaptive policy's histogram range.</summary>
    public const int MaxIdleTimeoutSeconds = 4 * 3600;

    /// <summary>No setting of its own: the platform's policy and idle time.</summary>
    public static KeepAliveConfig Platform { get; } = new();

    /// <summary>The policy; null for the platform's.</summary>
    public KeepAlivePolicy? Policy { get; init; }

    /// <summary>
    /// How long an idle sandbox is kept under the fixed policy, and under the adaptive one while it has too few idle times
    /// to decide; null for the platform's.
    /// </summary>
    public int? IdleTimeoutSeconds { get; init; }

    /// <summary>Every problem with the setting, each naming the field and what it allows; empty when it can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Policy is { } policy && !Enum.IsDefined(policy))
        {
            problems.Add($"keepAlive policy {(int)policy} is not known: use fixed or adaptive");
        }

        if (IdleTimeoutSeconds is { } seconds && seconds is < MinIdleTimeoutSeconds or > MaxIdleTimeoutSeconds)
        {
            problems.Add($"idleTimeoutSeconds {seconds} is out of range: use {MinIdleTimeoutSeconds} to {MaxIdleTimeoutSeconds} seconds (4 hours), or null for the platform's idle time");
        }

        return problems;
    }
}
