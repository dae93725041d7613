using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Gateway.Http.Payloads;
using static Kumo.Gateway.Tests.Http.Payloads.PayloadRequests;

namespace Kumo.Gateway.Tests.Http.Payloads;

public sealed class RestApiV1EventTests
{
    private static JsonElement Build(HttpRequestData request, RouteContext? route = null) =>
        Json(RestApiV1Event.Build(request, route ?? Route()));

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

    [Fact]
    public void Build_RepeatedHeader_LastValueInHeadersAndAllInMultiValueHeaders()
    {
        var json = Build(Get("/", "", ("X-Multi", "a"), ("Cookie", "k=v"), ("x-multi", "b")));

        Assert.Equal("b", json.GetProperty("headers").GetProperty("X-Multi").GetString());
        Assert.Equal(new[] { "a", "b" }, Strings(json.GetProperty("multiValueHeaders").GetProperty("X-Multi")));
        Assert.Equal("k=v", json.GetProperty("headers").GetProperty("Cookie").GetString());
        Assert.False(json.TryGetProperty("cookies", out _));
    }

    [Fact]
    public void Build_RepeatedQueryKey_LastValueAndAllValuesDecoded()
    {
        var json = Build(Get("/", "name=me&multi=you&multi=m%C3%A9"));

        Assert.Equal("mé", json.GetProperty("queryStringParameters").GetProperty("multi").GetString());
        Assert.Equal("me", json.GetProperty("queryStringParameters").GetProperty("name").GetString());
        Assert.Equal(new[] { "you", "mé" }, Strings(json.GetProperty("multiValueQueryStringParameters").GetProperty("multi")));
    }

    [Fact]
    public void Build_NoQueryNoHeaders_WritesNulls()
    {
        var json = Build(Get("/"));

        Assert.Equal(JsonValueKind.Null, json.GetProperty("queryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("multiValueQueryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("headers").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("pathParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("stageVariables").ValueKind);
    }

    [Fact]
    public void Build_RouteWithTemplate_WritesResourceDecodedPathAndPathParameters()
    {
        var route = Route() with
        {
            RouteKey = "ANY /{proxy+}",
            Resource = "/{proxy+}",
            PathParameters = new Dictionary<string, string> { ["proxy"] = "hello/wor ld" },
        };

        var json = Build(Get("/hello/wor%20ld"), route);

        Assert.Equal("1.0", json.GetProperty("version").GetString());
        Assert.Equal("/{proxy+}", json.GetProperty("resource").GetString());
        Assert.Equal("/hello/wor ld", json.GetProperty("path").GetString());
        Assert.Equal("GET", json.GetProperty("httpMethod").GetString());
        Assert.Equal("hello/wor ld", json.GetProperty("pathParameters").GetProperty("proxy").GetString());
        Assert.Equal("/{proxy+}", json.GetProperty("requestContext").GetProperty("resourcePath").GetString());
    }

    [Fact]
    public void Build_NoResource_UsesTheRawPath()
    {
        var json = Build(Get("/a%20b"));

        Assert.Equal("/a%20b", json.GetProperty("resource").GetString());
        Assert.Equal("/a b", json.GetProperty("path").GetString());
    }

    [Fact]
    public void Build_EmptyBody_WritesNullBody()
    {
        var json = Build(Get("/"));

        Assert.Equal(JsonValueKind.Null, json.GetProperty("body").ValueKind);
        Assert.False(json.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Build_BodyByContentType_TextOrBase64()
    {
        var text = Build(Post("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("a=1&b=2")));
        var binary = Build(Post("image/png", [0xFF, 0x00]));

        Assert.Equal("a=1&b=2", text.GetProperty("body").GetString());
        Assert.False(text.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("/wA=", binary.GetProperty("body").GetString());
        Assert.True(binary.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Build_RequestContext_HasIdentityWithNullCallerFields()
    {
        var context = Build(Get("/", "", ("User-Agent", "curl/8.5"))).GetProperty("requestContext");

        var identity = context.GetProperty("identity");
        Assert.Equal("203.0.113.7", identity.GetProperty("sourceIp").GetString());
        Assert.Equal("curl/8.5", identity.GetProperty("userAgent").GetString());
        foreach (var field in new[] { "accessKey", "accountId", "caller", "cognitoIdentityId", "cognitoIdentityPoolId", "user", "userArn" })
        {
            Assert.Equal(JsonValueKind.Null, identity.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public void Build_RequestContext_DescribesTheRequest()
    {
        var authorizer = new JsonObject { ["principalId"] = "ana" };

        var context = Build(Get("/x"), Route() with { Stage = "test", Authorizer = authorizer }).GetProperty("requestContext");

        Assert.Equal("000000000000", context.GetProperty("accountId").GetString());
        Assert.Equal("abc123", context.GetProperty("apiId").GetString());
        Assert.Equal("abc123", context.GetProperty("domainPrefix").GetString());
        Assert.Equal("req-1", context.GetProperty("requestId").GetString());
        Assert.Equal("req-1", context.GetProperty("extendedRequestId").GetString());
        Assert.Equal("GET", context.GetProperty("httpMethod").GetString());
        Assert.Equal("/x", context.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", context.GetProperty("protocol").GetString());
        Assert.Equal("12/Mar/2020:19:03:58 +0000", context.GetProperty("requestTime").GetString());
        Assert.Equal(1584039838390, context.GetProperty("requestTimeEpoch").GetInt64());
        Assert.Equal("test", context.GetProperty("stage").GetString());
        Assert.Equal("ana", context.GetProperty("authorizer").GetProperty("principalId").GetString());
    }
}
