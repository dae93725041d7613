using System.Text;
using Kumo.Gateway.Http.Payloads;

namespace Kumo.Gateway.Tests.Http.Payloads;

public sealed class LambdaHttpResponseTests
{
    private static MappedHttpResponse V2(string payload) => LambdaHttpResponse.FromV2(Encoding.UTF8.GetBytes(payload));

    private static MappedHttpResponse V1(string payload) => LambdaHttpResponse.FromV1(Encoding.UTF8.GetBytes(payload));

    private static string Body(MappedHttpResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    private static string[] Values(MappedHttpResponse response, string name) =>
        [.. response.Headers.Where(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value)];

    [Fact]
    public void FromV2_ResponseObject_MapsStatusHeadersAndBody()
    {
        var response = V2("""{"statusCode":201,"headers":{"Content-Type":"text/html","X-Count":3,"X-On":true},"body":"<p>hé</p>"}""");

        Assert.Null(response.Problem);
        Assert.Equal(201, response.StatusCode);
        Assert.Equal(["text/html"], Values(response, "Content-Type"));
        Assert.Equal(["3"], Values(response, "X-Count"));
        Assert.Equal(["true"], Values(response, "X-On"));
        Assert.Equal("<p>hé</p>", Body(response));
    }

    [Fact]
    public void FromV2_Cookies_BecomeOneSetCookieHeaderEach()
    {
        var response = V2("""{"statusCode":200,"cookies":["a=1; Max-Age=60","b=2; HttpOnly"]}""");

        Assert.Null(response.Problem);
        Assert.Equal(["a=1; Max-Age=60", "b=2; HttpOnly"], Values(response, "Set-Cookie"));
    }

    [Fact]
    public void FromV2_Base64Body_IsDecoded()
    {
        var response = V2("""{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"/wA=","isBase64Encoded":true}""");

        Assert.Null(response.Problem);
        Assert.Equal(new byte[] { 0xFF, 0x00 }, response.Body.ToArray());
    }

    [Fact]
    public void FromV2_BadBase64_IsAProblem()
    {
        var response = V2("""{"statusCode":200,"body":"not base64!","isBase64Encoded":true}""");

        Assert.Contains("not base64", response.Problem, StringComparison.Ordinal);
        Assert.Equal(502, response.StatusCode);
    }

    [Fact]
    public void FromV2_NoContentTypeNoBody_AddsNeither()
    {
        var response = V2("""{"statusCode":204}""");

        Assert.Null(response.Problem);
        Assert.Equal(204, response.StatusCode);
        Assert.Empty(response.Headers);
        Assert.True(response.Body.IsEmpty);
    }

    [Fact]
    public void FromV2_StatusCodeAsString_IsRead()
    {
        var response = V2("""{"statusCode":"404","body":"missing"}""");

        Assert.Null(response.Problem);
        Assert.Equal(404, response.StatusCode);
    }

    [Theory]
    [InlineData("600")]
    [InlineData("99")]
    [InlineData("200.5")]
    [InlineData("\"abc\"")]
    [InlineData("null")]
    public void FromV2_StatusCodeNotAStatus_IsAProblem(string statusCode)
    {
        var response = V2($$"""{"statusCode":{{statusCode}},"body":"x"}""");

        Assert.NotNull(response.Problem);
        Assert.Contains("statusCode", response.Problem, StringComparison.Ordinal);
        Assert.Equal(502, response.StatusCode);
    }

    [Fact]
    public void FromV2_ObjectWithoutStatusCode_Is200JsonWithThePayloadAsIs()
    {
        const string payload = """{ "message": "Hello from Lambda!" }""";

        var response = V2(payload);

        Assert.Null(response.Problem);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["application/json"], Values(response, "Content-Type"));
        Assert.Equal(payload, Body(response));
    }

    [Fact]
    public void FromV2_BareString_KeepsItsQuotesAsFunctionUrlsDo()
    {
        var response = V2("\"Hello, world!\"");

        Assert.Null(response.Problem);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("\"Hello, world!\"", Body(response));
        Assert.Equal(15, response.Body.Length);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    public void FromV2_OtherJson_Is200JsonWithThePayloadAsIs(string payload)
    {
        var response = V2(payload);

        Assert.Null(response.Problem);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["application/json"], Values(response, "Content-Type"));
        Assert.Equal(payload, Body(response));
    }

    [Theory]
    [InlineData("Hello")]
    [InlineData("{\"statusCode\":200")]
    [InlineData("")]
    public void FromV2_NotJson_IsAProblem(string payload)
    {
        var response = V2(payload);

        Assert.StartsWith("the function's response is not valid JSON", response.Problem, StringComparison.Ordinal);
        Assert.Equal(502, response.StatusCode);
    }

    [Fact]
    public void FromV2_BodyNotAString_IsAProblem()
    {
        var response = V2("""{"statusCode":200,"body":{"a":1}}""");

        Assert.Equal("in the function's response, body is an object, not a string", response.Problem);
    }

    [Fact]
    public void FromV2_HeaderValueWithANewline_IsAProblem()
    {
        var response = V2("""{"statusCode":200,"headers":{"X-Evil":"a\r\nSet-Cookie: b=1"}}""");

        Assert.Contains("X-Evil", response.Problem, StringComparison.Ordinal);
        Assert.Empty(response.Headers);
    }

    [Fact]
    public void FromV1_ResponseObject_MergesHeadersWithMultiValueHeadersWinning()
    {
        var response = V1("""
            {
              "statusCode": 200,
              "headers": { "X-One": "single", "X-Both": "from-headers" },
              "multiValueHeaders": { "x-both": ["m1", "m2"], "Set-Cookie": ["a=1", "b=2"] },
              "body": "ok"
            }
            """);

        Assert.Null(response.Problem);
        Assert.Equal(["single"], Values(response, "X-One"));
        Assert.Equal(["m1", "m2"], Values(response, "X-Both"));
        Assert.Equal(["a=1", "b=2"], Values(response, "Set-Cookie"));
        Assert.Empty(Values(response, "Content-Type"));
        Assert.Equal("ok", Body(response));
    }

    [Fact]
    public void FromV1_Base64Body_IsDecoded()
    {
        var response = V1("""{"statusCode":"200","body":"AAEC","isBase64Encoded":true}""");

        Assert.Null(response.Problem);
        Assert.Equal(new byte[] { 0, 1, 2 }, response.Body.ToArray());
    }

    [Fact]
    public void FromV1_NoStatusCode_IsAProblem()
    {
        var response = V1("""{"message":"hello"}""");

        Assert.Equal("the function's response has no statusCode", response.Problem);
        Assert.Equal(502, response.StatusCode);
    }

    [Theory]
    [InlineData("\"Hello\"")]
    [InlineData("[1]")]
    [InlineData("not json")]
    public void FromV1_NotAnObject_IsAProblem(string payload)
    {
        var response = V1(payload);

        Assert.NotNull(response.Problem);
        Assert.Equal(502, response.StatusCode);
        Assert.True(response.Body.IsEmpty);
    }
}
