using System.Text.Json;

namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// The event of API Gateway HTTP APIs in payload format version 2.0, which Lambda function URLs send too: header
/// names lower-cased and repeated headers joined with commas; the <c>Cookie</c> headers split into <c>cookies</c>
/// instead; repeated query parameters joined with commas; <c>cookies</c>, <c>queryStringParameters</c>,
/// <c>pathParameters</c> and <c>body</c> left out when there are none.
/// </summary>
internal static class HttpApiV2Event
{
    /// <summary>The event's UTF-8 JSON.</summary>
    public static byte[] Build(HttpRequestData request, RouteContext route)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        return EventJson.Write((request, route), EventJson.SizeHint(request), static (writer, state) => Write(writer, state.request, state.route));
    }

    private static void Write(Utf8JsonWriter writer, HttpRequestData request, RouteContext route)
    {
        var headers = HeaderGroups.Group(request.Headers);
        writer.WriteStartObject();
        writer.WriteString("version", "2.0");
        writer.WriteString("routeKey", route.RouteKey);
        writer.WriteString("rawPath", request.RawPath);
        writer.WriteString("rawQueryString", request.RawQueryString);
        WriteCookies(writer, headers);
        WriteHeaders(writer, headers);
        WriteQueryParameters(writer, request.RawQueryString);
        if (route.PathParameters is { Count: > 0 } pathParameters)
        {
            EventJson.WriteStringMap(writer, "pathParameters", pathParameters);
        }

        WriteRequestContext(writer, request, route);
        EventJson.WriteBody(writer, request, nullWhenEmpty: false);
        writer.WriteEndObject();
    }

    private static void WriteCookies(Utf8JsonWriter writer, List<KeyValuePair<string, List<string>>> headers)
    {
        var cookies = headers
            .Where(header => IsCookie(header.Key))
            .SelectMany(header => header.Value)
            .SelectMany(value => value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        if (cookies.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("cookies");
        foreach (var cookie in cookies)
        {
            writer.WriteStringValue(cookie);
        }

        writer.WriteEndArray();
    }

    private static void WriteHeaders(Utf8JsonWriter writer, List<KeyValuePair<string, List<string>>> headers)
    {
        writer.WriteStartObject("headers");
        foreach (var (name, values) in headers)
        {
            if (!IsCookie(name))
            {
                writer.WriteString(name.ToLowerInvariant(), string.Join(',', values));
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteQueryParameters(Utf8JsonWriter writer, string rawQueryString)
    {
        var parameters = QueryParameters.Parse(rawQueryString);
        if (parameters.Count > 0)
        {
            EventJson.WriteStringMap(
                writer, "queryStringParameters", parameters.Select(parameter => KeyValuePair.Create(parameter.Key, string.Join(',', parameter.Value))));
        }
    }

    private static void WriteRequestContext(Utf8JsonWriter writer, HttpRequestData request, RouteContext route)
    {
        writer.WriteStartObject("requestContext");
        writer.WriteString("accountId", route.AccountId);
        writer.WriteString("apiId", route.ApiId);
        if (route.Authorizer is { } authorizer)
        {
            writer.WritePropertyName("authorizer");
            authorizer.WriteTo(writer);
        }

        writer.WriteString("domainName", request.DomainName);
        writer.WriteString("domainPrefix", EventJson.DomainPrefix(request.DomainName));
        writer.WriteStartObject("http");
        writer.WriteString("method", request.Method);
        writer.WriteString("path", EventJson.DecodePath(request.RawPath));
        writer.WriteString("protocol", request.Protocol);
        writer.WriteString("sourceIp", request.SourceIp);
        writer.WriteString("userAgent", HeaderGroups.First(request.Headers, "User-Agent") ?? "");
        writer.WriteEndObject();
        writer.WriteString("requestId", request.RequestId);
        writer.WriteString("routeKey", route.RouteKey);
        writer.WriteString("stage", route.Stage);
        writer.WriteString("time", EventJson.FormatTime(request.Time));
        writer.WriteNumber("timeEpoch", request.Time.ToUnixTimeMilliseconds());
        writer.WriteEndObject();
    }

    private static bool IsCookie(string headerName) => headerName.Equals("Cookie", StringComparison.OrdinalIgnoreCase);
}
