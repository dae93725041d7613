using System.Text.Json;

namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// The event of API Gateway REST API Lambda proxy integrations, which HTTP APIs send in payload format version 1.0:
/// header names as sent, <c>headers</c> and <c>queryStringParameters</c> holding each name's last value and the
/// <c>multiValue</c> maps all of them; every field present, null when there is nothing to put in it.
/// </summary>
internal static class RestApiV1Event
{
    // The caller-identity fields AWS sends, null when no IAM or Cognito authorizer found a caller.
    private static readonly string[] NullIdentityFields =
    [
        "accessKey",
        "accountId",
        "apiKey",
        "caller",
        "cognitoAuthenticationProvider",
        "cognitoAuthenticationType",
        "cognitoIdentityId",
        "cognitoIdentityPoolId",
        "principalOrgId",
        "user",
        "userArn",
    ];

    /// <summary>The event's UTF-8 JSON.</summary>
    public static byte[] Build(HttpRequestData request, RouteContext route)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        return EventJson.Write((request, route), EventJson.SizeHint(request), static (writer, state) => Write(writer, state.request, state.route));
    }

    private static void Write(Utf8JsonWriter writer, HttpRequestData request, RouteContext route)
    {
        var resource = route.Resource ?? request.RawPath;
        var path = EventJson.DecodePath(request.RawPath);
        writer.WriteStartObject();
        writer.WriteString("version", "1.0");
        writer.WriteString("resource", resource);
        writer.WriteString("path", path);
        writer.WriteString("httpMethod", request.Method);
        WriteMultiValueMaps(writer, "headers", "multiValueHeaders", HeaderGroups.Group(request.Headers));
        WriteMultiValueMaps(writer, "queryStringParameters", "multiValueQueryStringParameters", QueryParameters.Parse(request.RawQueryString));
        WriteRequestContext(writer, request, route, resource, path);
        if (route.PathParameters is { Count: > 0 } pathParameters)
        {
            EventJson.WriteStringMap(writer, "pathParameters", pathParameters);
        }
        else
        {
            writer.WriteNull("pathParameters");
        }

        writer.WriteNull("stageVariables");
        EventJson.WriteBody(writer, request, nullWhenEmpty: true);
        writer.WriteEndObject();
    }

    /// <summary>Writes the map of last values and the map of all values, both null when there are none.</summary>
    private static void WriteMultiValueMaps(
        Utf8JsonWriter writer, string singleName, string multiName, List<KeyValuePair<string, List<string>>> groups)
    {
        if (groups.Count == 0)
        {
            writer.WriteNull(singleName);
            writer.WriteNull(multiName);
            return;
        }

        EventJson.WriteStringMap(writer, singleName, groups.Select(group => KeyValuePair.Create(group.Key, group.Value[^1])));
        writer.WriteStartObject(multiName);
        foreach (var (name, values) in groups)
        {
            writer.WriteStartArray(name);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteRequestContext(Utf8JsonWriter writer, HttpRequestData request, RouteContext route, string resource, string path)
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
        writer.WriteString("extendedRequestId", request.RequestId);
        writer.WriteString("httpMethod", request.Method);
        writer.WriteStartObject("identity");
        foreach (var field in NullIdentityFields)
        {
            writer.WriteNull(field);
        }

        writer.WriteString("sourceIp", request.SourceIp);
        if (HeaderGroups.First(request.Headers, "User-Agent") is { } userAgent)
        {
            writer.WriteString("userAgent", userAgent);
        }
        else
        {
            writer.WriteNull("userAgent");
        }

        writer.WriteEndObject();
        writer.WriteString("path", path);
        writer.WriteString("protocol", request.Protocol);
        writer.WriteString("requestId", request.RequestId);
        writer.WriteString("requestTime", EventJson.FormatTime(request.Time));
        writer.WriteNumber("requestTimeEpoch", request.Time.ToUnixTimeMilliseconds());
        writer.WriteNull("resourceId");
        writer.WriteString("resourcePath", resource);
        writer.WriteString("stage", route.Stage);
        writer.WriteEndObject();
    }
}
