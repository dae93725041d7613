using System.Text.Json;
using Kumo.Gateway.Http.Payloads;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// What a Lambda authoriser's function is sent: the values of the authoriser's identity sources, and the authoriser
/// event of the payload format (2.0: <c>routeArn</c>, <c>identitySource</c> as a list; 1.0: <c>methodArn</c>,
/// <c>identitySource</c> and <c>authorizationToken</c> as the values joined with commas; null when there are no
/// sources), followed by the route's event without its body.
/// </summary>
internal static class AuthorizerEvent
{
    /// <summary>
    /// The value of an identity source; null when the request has none. Sources are <c>$request.header.NAME</c> (name
    /// case ignored), <c>$request.querystring.NAME</c>, and the <c>$context</c> variables the gateway knows.
    /// </summary>
    public static string? IdentityValue(string source, HttpRequestData request, RouteContext route)
    {
        const string Header = "$request.header.";
        const string Query = "$request.querystring.";
        const string Context = "$context.";
        if (source.StartsWith(Header, StringComparison.OrdinalIgnoreCase))
        {
            var name = source[Header.Length..];
            var values = request.Headers.Where(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value).ToList();
            return values.Count > 0 ? string.Join(',', values) : null;
        }

        if (source.StartsWith(Query, StringComparison.OrdinalIgnoreCase))
        {
            var name = source[Query.Length..];
            var parameter = QueryParameters.Parse(request.RawQueryString).FirstOrDefault(parameter => parameter.Key == name);
            return parameter.Value is { } values ? string.Join(',', values) : null;
        }

        if (!source.StartsWith(Context, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return source[Context.Length..] switch
        {
            "apiId" => route.ApiId,
            "domainName" => request.DomainName,
            "httpMethod" => request.Method,
            "identity.sourceIp" => request.SourceIp,
            "identity.userAgent" => HeaderGroups.First(request.Headers, "User-Agent"),
            "path" => EventJson.DecodePath(request.RawPath),
            "protocol" => request.Protocol,
            "routeKey" => route.RouteKey,
            "stage" => route.Stage,
            _ => null,
        };
    }

    /// <summary>
    /// The authoriser event of the payload format: the route's event without its body, after the authoriser's fields.
    /// </summary>
    public static byte[] Build(bool v2, HttpRequestData request, RouteContext route, string arn, List<string> identity)
    {
        (request, route) = (request with { Body = ReadOnlyMemory<byte>.Empty }, route with { Authorizer = null });
        var routeEvent = v2 ? HttpApiV2Event.Build(request, route) : RestApiV1Event.Build(request, route);
        return EventJson.Write((v2, routeEvent, arn, identity), routeEvent.Length + 512, static (writer, state) =>
        {
            writer.WriteStartObject();
            writer.WriteString("version", state.v2 ? "2.0" : "1.0");
            writer.WriteString("type", "REQUEST");
            writer.WriteString(state.v2 ? "routeArn" : "methodArn", state.arn);
            if (state.identity.Count == 0)
            {
                writer.WriteNull("identitySource");
            }
            else if (state.v2)
            {
                writer.WriteStartArray("identitySource");
                state.identity.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("identitySource", string.Join(',', state.identity));
                writer.WriteString("authorizationToken", string.Join(',', state.identity));
            }

            using var document = JsonDocument.Parse(state.routeEvent);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name is not ("version" or "body" or "isBase64Encoded"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        });
    }
}
