namespace Kumo.FunctionalTests;

/// <summary>A request a <see cref="CannedHttpServer"/> was sent.</summary>
internal sealed record CannedRequest(string Method, string Path, string? LogType, string Body)
{
    /// <summary>The <c>Idempotency-Key</c> header, if it was sent.</summary>
    public string? IdempotencyKey { get; init; }
}
