namespace Kumo.Gateway.Http.Auth;

/// <summary>One JWKS's keys; <see cref="Gate"/> lets one load run at a time.</summary>
internal sealed class JwksKeySet
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public JwksKeySetState State { get; set; } = new(null, DateTimeOffset.MinValue, default, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
}
