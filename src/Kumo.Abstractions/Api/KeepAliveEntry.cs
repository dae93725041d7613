namespace Kumo.Abstractions.Api;

/// <summary>
/// A function's own keep-alive setting, as <c>GET</c> and <c>PUT /_kumo/v1/functions/{name}/keep-alive</c> answer it. A
/// field that is absent follows the platform's setting.
/// </summary>
public sealed record KeepAliveEntry
{
    /// <summary>The function's name.</summary>
    public required string Function { get; init; }

    /// <summary><c>fixed</c> or <c>adaptive</c>; absent when the function follows the platform's policy.</summary>
    public string? Policy { get; init; }

    /// <summary>How long an idle sandbox is kept, in seconds; absent when the function follows the platform's idle time.</summary>
    public int? IdleTimeoutSeconds { get; init; }
}
