namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// What the gateway read from an incoming HTTP request, as sent: the input of <see cref="HttpApiV2Event"/> and
/// <see cref="RestApiV1Event"/>.
/// </summary>
internal sealed record HttpRequestData
{
    /// <summary>The method as sent, such as <c>GET</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The path as sent, percent-encoding kept, such as <c>/users/a%20b</c>.</summary>
    public required string RawPath { get; init; }

    /// <summary>The query string as sent, without the <c>?</c>; empty when there is none.</summary>
    public string RawQueryString { get; init; } = "";

    /// <summary>
    /// Every header value in arrival order, names as sent: a header that appeared twice appears twice.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body's bytes; empty when there is none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The address of the client of the TCP connection.</summary>
    public string SourceIp { get; init; } = "";

    /// <summary>The protocol, such as <c>HTTP/1.1</c>.</summary>
    public string Protocol { get; init; } = "HTTP/1.1";

    /// <summary>The <c>Host</c> the request was sent to, without its port.</summary>
    public string DomainName { get; init; } = "";

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The request's id, given to the function as <c>requestContext.requestId</c>.</summary>
    public string RequestId { get; init; } = "";
}
