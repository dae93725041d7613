using System.Text.Json;
using Kumo.Gateway.Http.Payloads;

namespace Kumo.Gateway.Tests.Http.Payloads;

/// <summary>Requests and routes to build events from, and a reader for what was built.</summary>
internal static class PayloadRequests
{
    /// <summary>12/Mar/2020:19:03:58.390 +0000, the time in AWS's examples.</summary>
    public static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeMilliseconds(1584039838390);

    public static HttpRequestData Get(string rawPath = "/", string rawQueryString = "", params (string Name, string Value)[] headers) => new()
    {
        Method = "GET",
        RawPath = rawPath,
        RawQueryString = rawQueryString,
        Headers = [.. headers.Select(header => KeyValuePair.Create(header.Name, header.Value))],
        SourceIp = "203.0.113.7",
        Protocol = "HTTP/1.1",
        DomainName = "abc123.lambda-url.localhost",
        Time = Time,
        RequestId = "req-1",
    };

    public static HttpRequestData Post(string contentType, byte[] body) =>
        Get("/upload", "", ("Content-Type", contentType)) with { Method = "POST", Body = body };

    public static RouteContext Route() => new() { RouteKey = "$default", ApiId = "abc123", AccountId = "000000000000" };

    public static JsonElement Json(byte[] utf8) => JsonDocument.Parse(utf8).RootElement.Clone();
}
