using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;
using Amazon.Lambda.Serialization.SystemTextJson;

[assembly: LambdaSerializer(typeof(DefaultLambdaJsonSerializer))]

namespace HttpApiFunction;

/// <summary>
/// HTTP handlers as they are written for AWS, with nothing of Kumo in them: <see cref="V2"/> for an HTTP API route
/// or a function URL (payload format 2.0), <see cref="V1"/> for payload format 1.0.
/// </summary>
public class Handlers
{
    /// <summary>
    /// GET greets <c>{name}</c> (or <c>?name=</c>), echoes what it was sent and sets a cookie; POST answers with the
    /// size of the body it got, decoding it from base64 when the gateway encoded it.
    /// </summary>
    public APIGatewayHttpApiV2ProxyResponse V2(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var http = request.RequestContext.Http;
        context.Logger.LogLine($"{http.Method} {request.RawPath} from {http.SourceIp}");

        if (http.Method == "POST")
        {
            var bytes = request.IsBase64Encoded ? Convert.FromBase64String(request.Body!) : Encoding.UTF8.GetBytes(request.Body ?? "");
            return new APIGatewayHttpApiV2ProxyResponse
            {
                StatusCode = (int)HttpStatusCode.OK,
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                Body = JsonSerializer.Serialize(new { bytes = bytes.Length, base64 = request.IsBase64Encoded, first = bytes.Length > 0 ? bytes[0] : -1, last = bytes.Length > 0 ? bytes[^1] : -1 }),
            };
        }

        string? name = null;
        if (request.PathParameters == null || !request.PathParameters.TryGetValue("name", out name))
        {
            request.QueryStringParameters?.TryGetValue("name", out name);
        }

        name ??= "world";
        var jwt = request.RequestContext.Authorizer?.Jwt;
        var body = new
        {
            message = $"Hello, {name}!",
            method = http.Method,
            rawPath = request.RawPath,
            path = http.Path,
            rawQueryString = request.RawQueryString,
            routeKey = request.RouteKey,
            stage = request.RequestContext.Stage,
            userAgent = http.UserAgent,
            cookies = request.Cookies ?? [],
            accept = request.Headers != null && request.Headers.TryGetValue("accept", out var accept) ? accept : null,
            requestId = request.RequestContext.RequestId,
            awsRequestId = context.AwsRequestId,
            subject = jwt?.Claims?["sub"],
            expires = jwt?.Claims?["exp"],
            scopes = jwt?.Scopes,
        };
        return new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = (int)HttpStatusCode.OK,
            Headers = new Dictionary<string, string>
            {
                ["Content-Type"] = "application/json",
                ["X-Greeted"] = name,
                ["Cache-Control"] = "no-store",
            },
            Cookies = [$"greeted={name}; Path=/; HttpOnly", "visits=1; Max-Age=60"],
            Body = JsonSerializer.Serialize(body),
        };
    }

    /// <summary>
    /// Payload format 1.0: greets <c>{name}</c>, reads every value of a repeated <c>?tag=</c> and answers with a
    /// header for each, and two cookies, through <c>multiValueHeaders</c>.
    /// </summary>
    public APIGatewayProxyResponse V1(APIGatewayProxyRequest request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogLine($"{request.HttpMethod} {request.Path}");

        string? name = null;
        if (request.PathParameters == null || !request.PathParameters.TryGetValue("name", out name))
        {
            request.QueryStringParameters?.TryGetValue("name", out name);
        }

        name ??= "world";
        var tags = request.MultiValueQueryStringParameters != null && request.MultiValueQueryStringParameters.TryGetValue("tag", out var values) ? values : [];
        var body = new
        {
            message = $"Hello, {name}!",
            httpMethod = request.HttpMethod,
            resource = request.Resource,
            path = request.Path,
            resourcePath = request.RequestContext.ResourcePath,
            stage = request.RequestContext.Stage,
            sourceIp = request.RequestContext.Identity.SourceIp,
            tags,
            lastTag = request.QueryStringParameters != null && request.QueryStringParameters.TryGetValue("tag", out var last) ? last : null,
            body = request.Body,
        };
        return new APIGatewayProxyResponse
        {
            StatusCode = (int)HttpStatusCode.OK,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            MultiValueHeaders = new Dictionary<string, IList<string>>
            {
                ["X-Tag"] = tags,
                ["Set-Cookie"] = [$"greeted={name}; Path=/", "format=1.0; Path=/"],
            },
            Body = JsonSerializer.Serialize(body),
        };
    }
}
