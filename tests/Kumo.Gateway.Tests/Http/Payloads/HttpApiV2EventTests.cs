using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Gateway.Http.Payloads;
using static Kumo.Gateway.Tests.Http.Payloads.PayloadRequests;

namespace Kumo.Gateway.Tests.Http.Payloads;

public sealed class HttpApiV2EventTests
{
    private static JsonElement Build(HttpRequestData request, RouteContext? route = null) =>
        Json(HttpApiV2Event.Build(request, route ?? Route()));

    [Fact]
    public void Build_Request_WritesVersionRouteKeyAndRawFields()
    {
        var json = Build(Get("/my/path", "a=1"), Route() with { RouteKey = "GET /my/{x}" });

        Assert.Equal("2.0", json.GetProperty("version").GetString());
        Assert.Equal("GET /my/{x}", json.GetProperty("routeKey").GetString());
        Assert.Equal("/my/path", json.GetProperty("rawPath").GetString());
        Assert.Equal("a=1", json.GetProperty("rawQueryString").GetString());
        Assert.Equal("GET /my/{x}", json.GetProperty("requestContext").GetProperty("routeKey").GetString());
    }

    [Fact]
    public void Build_RepeatedHeader_JoinsValuesWithCommasUnderLowerCaseName()
    {
        var json = Build(Get("/", "", ("X-Multi", "a"), ("Content-Type", "text/plain"), ("x-multi", "b")));

        var headers = json.GetProperty("headers");
        Assert.Equal("a,b", headers.GetProperty("x-multi").GetString());
        Assert.Equal("text/plain", headers.GetProperty("content-type").GetString());
        Assert.False(headers.TryGetProperty("X-Multi", out _));
    }

    [Fact]
    public void Build_CookieHeaders_SplitIntoCookiesAndLeftOutOfHeaders()
    {
        var json = Build(Get("/", "", ("Cookie", "a=1; b=2"), ("Accept", "*/*"), ("cookie", "c=3")));

        Assert.Equal(new[] { "a=1", "b=2", "c=3" }, json.GetProperty("cookies").EnumerateArray().Select(cookie => cookie.GetString()!));
        Assert.False(json.GetProperty("headers").TryGetProperty("cookie", out _));
        Assert.Equal("*/*", json.GetProperty("headers").GetProperty("accept").GetString());
    }

    [Fact]
    public void Build_NoCookieHeader_OmitsCookies()
    {
        var json = Build(Get("/", "", ("Accept", "*/*")));

        Assert.False(json.TryGetProperty("cookies", out _));
    }

    [Fact]
    public void Build_RepeatedQueryKey_JoinsDecodedValuesWithCommas()
    {
        var json = Build(Get("/", "a=1&a=2&b=x%20y+z&flag&c%26d=%C3%A9"));

        var query = json.GetProperty("queryStringParameters");
        Assert.Equal("1,2", query.GetProperty("a").GetString());
        Assert.Equal("x y z", query.GetProperty("b").GetString());
        Assert.Equal("", query.GetProperty("flag").GetString());
        Assert.Equal("é", query.GetProperty("c&d").GetString());
        Assert.Equal("a=1&a=2&b=x%20y+z&flag&c%26d=%C3%A9", json.GetProperty("rawQueryString").GetString());
    }

    [Fact]
    public void Build_NoQuery_OmitsQueryStringParameters()
    {
        var json = Build(Get("/"));

        Assert.Equal("", json.GetProperty("rawQueryString").GetString());
        Assert.False(json.TryGetProperty("queryStringParameters", out _));
    }

    [Fact]
    public void Build_PercentEncodedPath_KeepsRawPathAndDecodesHttpPath()
    {
        var json = Build(Get("/users/a%20b/caf%C3%A9+x"));

        Assert.Equal("/users/a%20b/caf%C3%A9+x", json.GetProperty("rawPath").GetString());
        Assert.Equal("/users/a b/café+x", json.GetProperty("requestContext").GetProperty("http").GetProperty("path").GetString());
    }

    [Fact]
    public void Build_JsonBody_SendsText()
    {
        var json = Build(Post("application/json; charset=utf-8", Encoding.UTF8.GetBytes("{\"name\":\"Zoë\"}")));

        Assert.Equal("{\"name\":\"Zoë\"}", json.GetProperty("body").GetString());
        Assert.False(json.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Build_BinaryBody_SendsBase64()
    {
        var json = Build(Post("application/octet-stream", [0xFF, 0x00]));

        Assert.Equal("/wA=", json.GetProperty("body").GetString());
        Assert.True(json.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Build_TextTypeWithInvalidUtf8_SendsBase64()
    {
        var json = Build(Post("text/plain", [0x61, 0xFF]));

        Assert.Equal(Convert.ToBase64String([0x61, 0xFF]), json.GetProperty("body").GetString());
        Assert.True(json.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Build_EmptyBody_OmitsBody()
    {
        var json = Build(Get("/"));

        Assert.False(json.TryGetProperty("body", out _));
        Assert.False(json.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Build_PathParameters_WritesThem()
    {
        var route = Route() with
        {
            RouteKey = "GET /users/{id}",
            PathParameters = new Dictionary<string, string> { ["id"] = "a b" },
        };

        var json = Build(Get("/users/a%20b"), route);

        Assert.Equal("a b", json.GetProperty("pathParameters").GetProperty("id").GetString());
    }

    [Fact]
    public void Build_EmptyPathParameters_OmitsThem()
    {
        var json = Build(Get("/"), Route() with { PathParameters = new Dictionary<string, string>() });

        Assert.False(json.TryGetProperty("pathParameters", out _));
    }

    [Fact]
    public void Build_Authorizer_WritesItAsIs()
    {
        var authorizer = new JsonObject { ["lambda"] = new JsonObject { ["user"] = "ana", ["admin"] = true } };

        var context = Build(Get("/"), Route() with { Authorizer = authorizer }).GetProperty("requestContext");

        Assert.Equal("ana", context.GetProperty("authorizer").GetProperty("lambda").GetProperty("user").GetString());
        Assert.True(context.GetProperty("authorizer").GetProperty("lambda").GetProperty("admin").GetBoolean());
        Assert.False(Build(Get("/")).GetProperty("requestContext").TryGetProperty("authorizer", out _));
    }

    [Fact]
    public void Build_RequestContext_DescribesTheRequest()
    {
        var request = Get("/p", "", ("User-Agent", "curl/8.5")) with { Method = "PUT", Protocol = "HTTP/2" };

        var context = Build(request, Route() with { Stage = "prod" }).GetProperty("requestContext");

        Assert.Equal("000000000000", context.GetProperty("accountId").GetString());
        Assert.Equal("abc123", context.GetProperty("apiId").GetString());
        Assert.Equal("abc123.lambda-url.localhost", context.GetProperty("domainName").GetString());
        Assert.Equal("abc123", context.GetProperty("domainPrefix").GetString());
        Assert.Equal("req-1", context.GetProperty("requestId").GetString());
        Assert.Equal("prod", context.GetProperty("stage").GetString());
        var http = context.GetProperty("http");
        Assert.Equal("PUT", http.GetProperty("method").GetString());
        Assert.Equal("HTTP/2", http.GetProperty("protocol").GetString());
        Assert.Equal("203.0.113.7", http.GetProperty("sourceIp").GetString());
        Assert.Equal("curl/8.5", http.GetProperty("userAgent").GetString());
    }

    [Fact]
    public void Build_TimeWithAnOffset_WritesItInUtcAsApiGatewayDoes()
    {
        var request = Get("/") with { Time = new DateTimeOffset(2020, 3, 12, 21, 3, 58, 390, TimeSpan.FromHours(2)) };

        var context = Build(request).GetProperty("requestContext");

        Assert.Equal("12/Mar/2020:19:03:58 +0000", context.GetProperty("time").GetString());
        Assert.Equal(1584039838390, context.GetProperty("timeEpoch").GetInt64());
    }
}
