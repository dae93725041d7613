namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// The HTTP response a function's result maps to, or, when <see cref="Problem"/> is set, why it maps to none (the
/// gateway then answers 502).
/// </summary>
internal sealed record MappedHttpResponse
{
    /// <summary>The status code: 100–599, or 502 when the result was not valid.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The headers, names as the function gave them; each <c>Set-Cookie</c> separate.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body's bytes; empty when there is none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Null when the result was valid; else a one-line reason for logs.</summary>
    public string? Problem { get; init; }

    /// <summary>A result that maps to no response: 502, no headers, no body.</summary>
    public static MappedHttpResponse Invalid(string problem) => new() { StatusCode = 502, Problem = problem };
}
