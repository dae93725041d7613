using Kumo.Abstractions.Functions;

namespace Kumo.Invocation.Placement;

/// <summary>How one function's idle sandboxes are kept, as its coordinator needs it: the function's own setting, else the platform's.</summary>
/// <param name="Adaptive">Whether the adaptive (hybrid histogram) policy decides; otherwise every idle sandbox is kept for <paramref name="IdleTimeout"/>.</param>
/// <param name="IdleTimeout">
/// The fixed idle time: the fixed policy's, and the adaptive policy's while it has too few idle times to decide and for every
/// sandbox beyond the first that a burst needed.
/// </param>
[GenerateSerializer, Immutable]
internal sealed record KeepAliveChoice(
    [property: Id(0)] bool Adaptive,
    [property: Id(1)] TimeSpan IdleTimeout)
{
    /// <summary>The fixed policy with Kumo's default idle time, 10 minutes.</summary>
    public static KeepAliveChoice Default { get; } = new(false, TimeSpan.FromMinutes(10));

    /// <summary>The keep-alive of <paramref name="function"/>: its own setting, else the platform's in <paramref name="options"/>.</summary>
    public static KeepAliveChoice Of(FunctionConfiguration function, FunctionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(options);
        return new(
            (function.KeepAlive.Policy ?? options.KeepAlive) == KeepAlivePolicy.Adaptive,
            function.KeepAlive.IdleTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.IdleTimeout);
    }
}
