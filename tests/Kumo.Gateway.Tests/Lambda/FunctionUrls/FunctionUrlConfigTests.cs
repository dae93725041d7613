using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kumo.Abstractions.Http;

namespace Kumo.Gateway.Tests.Lambda.FunctionUrls;

public sealed partial class FunctionUrlConfigTests
{
    private const string Path = "/2021-10-31/functions/hello/url";
    private const string ListPath = "/2021-10-31/functions/hello/urls";
    private const string Created = "2024-01-02T03:04:05.000000Z";
    private const string FullCors = """
        {"AllowCredentials":true,"AllowHeaders":["Content-Type","X-Custom-Header"],"AllowMethods":["GET","POST","*"],
         "AllowOrigins":["https://www.example.com","http://localhost:3000"],"ExposeHeaders":["X-Request-Id"],"MaxAge":600}
        """;

    [Fact]
    public async Task CreateFunctionUrlConfig_AuthNone_Returns201WithANewUrl()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        var body = await LambdaAssert.JsonAsync(response, HttpStatusCode.Created);

        var url = body.GetProperty("FunctionUrl").GetString()!;
        Assert.Matches(UrlShape(), url);
        AssertJson(
            $$"""{"FunctionUrl":"{{url}}","FunctionArn":"{{LambdaRequests.Arn}}hello","AuthType":"NONE","CreationTime":"{{Created}}","InvokeMode":"BUFFERED"}""",
            body);
        var stored = Assert.Single(server.FunctionUrls.All);
        Assert.Equal(("default", "hello", "$LATEST", FunctionUrlAuthTypes.None), (stored.TenantId, stored.FunctionName, stored.Qualifier, stored.AuthType));
        Assert.Equal($"http://{stored.UrlId}.lambda-url.localhost:7070/", url);
        Assert.Null(stored.Cors);
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_TwoFunctions_GetDifferentRandomIds()
    {
        await using var server = await StartWithFunctionAsync("other");

        using var first = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        using var second = await server.Http.PostAsync("/2021-10-31/functions/other/url", LambdaRequests.Json("""{"AuthType":"NONE"}"""));

        var firstUrl = (await LambdaAssert.JsonAsync(first, HttpStatusCode.Created)).GetProperty("FunctionUrl").GetString();
        var secondUrl = (await LambdaAssert.JsonAsync(second, HttpStatusCode.Created)).GetProperty("FunctionUrl").GetString();
        Assert.NotEqual(firstUrl, secondUrl);
        Assert.All(server.FunctionUrls.All, config => Assert.Matches("^[a-z0-9]{32}$", config.UrlId));
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_WithCors_GetReturnsItWithLastModifiedTime()
    {
        await using var server = await StartWithFunctionAsync();

        using var create = await server.Http.PostAsync(Path, LambdaRequests.Json($$"""{"AuthType":"NONE","Cors":{{FullCors}},"InvokeMode":"BUFFERED"}"""));
        var created = await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);
        using var get = await server.Http.GetAsync(Path);
        var fetched = await LambdaAssert.JsonAsync(get);

        AssertJson(FullCors, created.GetProperty("Cors"));
        AssertJson(
            $$"""
            {"FunctionUrl":"{{created.GetProperty("FunctionUrl").GetString()}}","FunctionArn":"{{LambdaRequests.Arn}}hello","AuthType":"NONE",
             "Cors":{{FullCors}},"CreationTime":"{{Created}}","LastModifiedTime":"{{Created}}","InvokeMode":"BUFFERED"}
            """,
            fetched);
        var cors = Assert.Single(server.FunctionUrls.All).Cors!;
        Assert.True(cors.AllowCredentials);
        Assert.Equal(["GET", "POST", "*"], cors.AllowMethods);
        Assert.Equal(600, cors.MaxAge);
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_AlreadyExists_Returns409AndKeepsTheFirst()
    {
        await using var server = await StartWithFunctionAsync();
        using var first = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        await LambdaAssert.JsonAsync(first, HttpStatusCode.Created);
        var urlId = Assert.Single(server.FunctionUrls.All).UrlId;

        using var second = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE","Cors":{"AllowOrigins":["*"]}}"""));

        var message = await LambdaAssert.ErrorAsync(second, HttpStatusCode.Conflict, "ResourceConflictException");
        Assert.Contains("FunctionUrlConfig exists for this Lambda function", message, StringComparison.Ordinal);
        Assert.Contains(LambdaRequests.Arn + "hello", message, StringComparison.Ordinal);
        var kept = Assert.Single(server.FunctionUrls.All);
        Assert.Equal(urlId, kept.UrlId);
        Assert.Null(kept.Cors);
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_NoSuchFunction_Returns404AndStoresNothing()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Equal($"Function not found: {LambdaRequests.Arn}hello", message);
        Assert.Empty(server.FunctionUrls.All);
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_AwsIam_Returns400SayingSignaturesAreNotChecked()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"AWS_IAM"}"""));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("AWS_IAM is not supported yet", message, StringComparison.Ordinal);
        Assert.Contains("SigV4", message, StringComparison.Ordinal);
        Assert.Contains("use NONE", message, StringComparison.Ordinal);
        Assert.Empty(server.FunctionUrls.All);
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_ResponseStream_IsKept()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE","InvokeMode":"RESPONSE_STREAM"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("RESPONSE_STREAM", body.RootElement.GetProperty("InvokeMode").GetString());
        Assert.Equal("RESPONSE_STREAM", Assert.Single(server.FunctionUrls.All).InvokeMode);
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_NoAuthType_Returns400()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json("{}"));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Equal("AuthType is required: use NONE", message);
    }

    [Fact]
    public async Task CreateFunctionUrlConfig_ManyProblems_NamesEveryOneInOneError()
    {
        await using var server = await StartWithFunctionAsync();
        var origins = new JsonArray([.. Enumerable.Range(0, 101).Select(i => JsonValue.Create($"https://site{i}.example.com"))]);
        var body = new JsonObject
        {
            ["AuthType"] = "OPEN",
            ["InvokeMode"] = "FAST",
            ["Cors"] = new JsonObject
            {
                ["AllowMethods"] = new JsonArray("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
                ["AllowOrigins"] = origins,
                ["AllowHeaders"] = new JsonArray("X-Ok", "Bad\r\nSet-Cookie: x=1"),
                ["ExposeHeaders"] = new JsonArray(new string('h', 1025)),
                ["MaxAge"] = 86401,
            },
        };

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json(body));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("AuthType 'OPEN' is not valid: use NONE or AWS_IAM", message, StringComparison.Ordinal);
        Assert.Contains("InvokeMode 'FAST' is not valid: use BUFFERED or RESPONSE_STREAM", message, StringComparison.Ordinal);
        Assert.Contains("Cors.AllowMethods has 7 items: at most 6", message, StringComparison.Ordinal);
        Assert.Contains("Cors.AllowMethods has 'OPTIONS'", message, StringComparison.Ordinal);
        Assert.Contains("Cors.AllowOrigins has 101 items: at most 100", message, StringComparison.Ordinal);
        Assert.Contains("Cors.AllowHeaders has 'Bad\r\nSet-Cookie: x=1'", message, StringComparison.Ordinal);
        Assert.Contains("Cors.ExposeHeaders has 'hhhh", message, StringComparison.Ordinal);
        Assert.Contains("Cors.MaxAge 86401 is out of range: use 0 to 86400 seconds", message, StringComparison.Ordinal);
        Assert.Equal(8, message.Split("; ").Length);
        Assert.Empty(server.FunctionUrls.All);
    }

    [Theory]
    [InlineData("""{"AllowMethods":["get"]}""", "Cors.AllowMethods has 'get'")]
    [InlineData("""{"AllowMethods":[null]}""", "Cors.AllowMethods has null")]
    [InlineData("""{"AllowOrigins":[""]}""", "Cors.AllowOrigins has ''")]
    [InlineData("""{"AllowOrigins":["https://a.example.com, https://b.example.com"]}""", "Cors.AllowOrigins has 'https://a.example.com, https://b.example.com'")]
    [InlineData("""{"MaxAge":-1}""", "Cors.MaxAge -1 is out of range")]
    public async Task CreateFunctionUrlConfig_BadCors_Returns400NamingTheValue(string cors, string expected)
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json($$"""{"AuthType":"NONE","Cors":{{cors}}}"""));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"AuthType":"NONE","Cors":{"MaxAge":"ten"}}""", "Cors.MaxAge")]
    [InlineData("""{"AuthType":"NONE","Cors":"*"}""", "Cors")]
    [InlineData("""{"AuthType":1}""", "AuthType")]
    public async Task CreateFunctionUrlConfig_WrongType_Returns400NamingTheField(string json, string field)
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PostAsync(Path, LambdaRequests.Json(json));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContentException");
        Assert.Contains($"'{field}'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task FunctionUrlConfig_AliasQualifier_Returns404LikeTheOtherOperations(string method)
    {
        await using var server = await StartWithFunctionAsync();
        using var create = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);

        using var byQuery = await SendAsync(server, method, Path + "?Qualifier=prod");
        using var byName = await SendAsync(server, method, "/2021-10-31/functions/hello:prod/url");

        var message = await LambdaAssert.ErrorAsync(byQuery, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Equal($"Function not found: {LambdaRequests.Arn}hello:prod", message);
        await LambdaAssert.ErrorAsync(byName, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Single(server.FunctionUrls.All);
    }

    [Fact]
    public async Task FunctionUrlConfig_LatestQualifierAndArn_NameTheSameUrl()
    {
        await using var server = await StartWithFunctionAsync();
        using var create = await server.Http.PostAsync(Path + "?Qualifier=$LATEST", LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        var created = await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);

        using var get = await server.Http.GetAsync($"/2021-10-31/functions/{LambdaRequests.Arn}hello/url");
        var fetched = await LambdaAssert.JsonAsync(get);

        Assert.Equal(created.GetProperty("FunctionUrl").GetString(), fetched.GetProperty("FunctionUrl").GetString());
        Assert.Equal(LambdaRequests.Arn + "hello", fetched.GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task UpdateFunctionUrlConfig_OnlyCors_ChangesCorsAndLastModifiedOnly()
    {
        await using var server = await StartWithFunctionAsync();
        using var create = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE","Cors":{"AllowOrigins":["*"]}}"""));
        var created = await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);
        server.Clock.Advance(TimeSpan.FromSeconds(90.5));

        using var update = await server.Http.PutAsync(Path, LambdaRequests.Json("""{"Cors":{"AllowOrigins":["https://app.example.com"],"MaxAge":60}}"""));
        var updated = await LambdaAssert.JsonAsync(update);
        using var get = await server.Http.GetAsync(Path);
        var fetched = await LambdaAssert.JsonAsync(get);

        var expected = $$"""
            {"FunctionUrl":"{{created.GetProperty("FunctionUrl").GetString()}}","FunctionArn":"{{LambdaRequests.Arn}}hello","AuthType":"NONE",
             "Cors":{"AllowCredentials":false,"AllowOrigins":["https://app.example.com"],"MaxAge":60},
             "CreationTime":"{{Created}}","LastModifiedTime":"2024-01-02T03:05:35.500000Z","InvokeMode":"BUFFERED"}
            """;
        AssertJson(expected, updated);
        AssertJson(expected, fetched);
    }

    [Fact]
    public async Task UpdateFunctionUrlConfig_EmptyCors_RemovesCors()
    {
        await using var server = await StartWithFunctionAsync();
        using var create = await server.Http.PostAsync(Path, LambdaRequests.Json($$"""{"AuthType":"NONE","Cors":{{FullCors}}}"""));
        await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);

        using var update = await server.Http.PutAsync(Path, LambdaRequests.Json("""{"Cors":{}}"""));
        var updated = await LambdaAssert.JsonAsync(update);

        Assert.False(updated.TryGetProperty("Cors", out _), updated.GetRawText());
        Assert.Null(Assert.Single(server.FunctionUrls.All).Cors);
    }

    [Fact]
    public async Task UpdateFunctionUrlConfig_AwsIam_Returns400AndChangesNothing()
    {
        await using var server = await StartWithFunctionAsync();
        using var create = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);
        var before = Assert.Single(server.FunctionUrls.All);

        using var update = await server.Http.PutAsync(Path, LambdaRequests.Json("""{"AuthType":"AWS_IAM","Cors":{"MaxAge":100000}}"""));

        var message = await LambdaAssert.ErrorAsync(update, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("AWS_IAM is not supported yet", message, StringComparison.Ordinal);
        Assert.Contains("Cors.MaxAge 100000 is out of range", message, StringComparison.Ordinal);
        Assert.Equal(before, Assert.Single(server.FunctionUrls.All));
    }

    [Fact]
    public async Task UpdateFunctionUrlConfig_NoUrl_Returns404()
    {
        await using var server = await StartWithFunctionAsync();

        using var update = await server.Http.PutAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));

        var message = await LambdaAssert.ErrorAsync(update, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Contains("has no function URL", message, StringComparison.Ordinal);
        Assert.Empty(server.FunctionUrls.All);
    }

    [Fact]
    public async Task GetFunctionUrlConfig_NoUrlOrNoFunction_Returns404()
    {
        await using var server = await StartWithFunctionAsync();

        using var noUrl = await server.Http.GetAsync(Path);
        using var noFunction = await server.Http.GetAsync("/2021-10-31/functions/nobody/url");

        var message = await LambdaAssert.ErrorAsync(noUrl, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Equal($"The resource you requested does not exist: {LambdaRequests.Arn}hello has no function URL.", message);
        var functionMessage = await LambdaAssert.ErrorAsync(noFunction, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Equal($"Function not found: {LambdaRequests.Arn}nobody", functionMessage);
    }

    [Fact]
    public async Task DeleteFunctionUrlConfig_Existing_Returns204ThenGetIs404()
    {
        await using var server = await StartWithFunctionAsync();
        using var create = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);

        using var delete = await server.Http.DeleteAsync(Path);
        using var get = await server.Http.GetAsync(Path);
        using var again = await server.Http.DeleteAsync(Path);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await delete.Content.ReadAsByteArrayAsync());
        await LambdaAssert.ErrorAsync(get, HttpStatusCode.NotFound, "ResourceNotFoundException");
        await LambdaAssert.ErrorAsync(again, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Empty(server.FunctionUrls.All);
    }

    [Fact]
    public async Task ListFunctionUrlConfigs_OneUrl_ListsItWithEveryField()
    {
        await using var server = await StartWithFunctionAsync();
        using var create = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE","Cors":{"AllowOrigins":["*"]}}"""));
        var created = await LambdaAssert.JsonAsync(create, HttpStatusCode.Created);

        using var response = await server.Http.GetAsync(ListPath);
        var body = await LambdaAssert.JsonAsync(response);

        AssertJson(
            $$"""
            {"FunctionUrlConfigs":[{"FunctionUrl":"{{created.GetProperty("FunctionUrl").GetString()}}","FunctionArn":"{{LambdaRequests.Arn}}hello",
              "AuthType":"NONE","Cors":{"AllowCredentials":false,"AllowOrigins":["*"]},"CreationTime":"{{Created}}",
              "LastModifiedTime":"{{Created}}","InvokeMode":"BUFFERED"}]}
            """,
            body);
    }

    [Fact]
    public async Task ListFunctionUrlConfigs_MaxItems_PagesWithMarker()
    {
        await using var server = await StartWithFunctionAsync();
        foreach (var qualifier in new[] { "$LATEST", "blue", "green" })
        {
            server.FunctionUrls.Put(new FunctionUrlConfig { TenantId = "default", FunctionName = "hello", Qualifier = qualifier, UrlId = qualifier.TrimStart('$').PadRight(32, '0') });
        }

        using var first = await server.Http.GetAsync(ListPath + "?MaxItems=2");
        var firstBody = await LambdaAssert.JsonAsync(first);
        var marker = firstBody.GetProperty("NextMarker").GetString();
        using var second = await server.Http.GetAsync($"{ListPath}?MaxItems=2&Marker={Uri.EscapeDataString(marker!)}");
        var secondBody = await LambdaAssert.JsonAsync(second);

        Assert.Equal([LambdaRequests.Arn + "hello", LambdaRequests.Arn + "hello:blue"], Arns(firstBody));
        Assert.Equal([LambdaRequests.Arn + "hello:green"], Arns(secondBody));
        Assert.False(secondBody.TryGetProperty("NextMarker", out _));
    }

    [Fact]
    public async Task ListFunctionUrlConfigs_MaxItemsOver50_GivesPagesOf50()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.GetAsync(ListPath + "?MaxItems=1000");
        var body = await LambdaAssert.JsonAsync(response);

        AssertJson("""{"FunctionUrlConfigs":[]}""", body);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("ten")]
    [InlineData("-1")]
    public async Task ListFunctionUrlConfigs_BadMaxItems_Returns400(string maxItems)
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.GetAsync($"{ListPath}?MaxItems={maxItems}");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }

    [Fact]
    public async Task ListFunctionUrlConfigs_NoSuchFunction_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync(ListPath);

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task DeleteFunction_WithUrl_RemovesItsUrlsAndKeepsOthers()
    {
        await using var server = await StartWithFunctionAsync("other");
        using var mine = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        await LambdaAssert.JsonAsync(mine, HttpStatusCode.Created);
        using var theirs = await server.Http.PostAsync("/2021-10-31/functions/other/url", LambdaRequests.Json("""{"AuthType":"NONE"}"""));
        await LambdaAssert.JsonAsync(theirs, HttpStatusCode.Created);

        using var deleted = await server.Http.DeleteAsync("/2015-03-31/functions/hello");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("other", Assert.Single(server.FunctionUrls.All).FunctionName);
    }

    private static async Task<LambdaTestServer> StartWithFunctionAsync(params string[] others)
    {
        var server = await LambdaTestServer.StartAsync();
        foreach (var name in others.Prepend("hello"))
        {
            server.Catalog.Put(FunctionConfigurations.New(name));
        }

        return server;
    }

    private static async Task<HttpResponseMessage> SendAsync(LambdaTestServer server, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = LambdaRequests.Json("""{"AuthType":"NONE"}""");
        }

        return await server.Http.SendAsync(request);
    }

    private static string[] Arns(JsonElement list) =>
        [.. list.GetProperty("FunctionUrlConfigs").EnumerateArray().Select(config => config.GetProperty("FunctionArn").GetString() ?? "")];

    private static void AssertJson(string expected, JsonElement actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText())),
            $"expected {expected}, got {actual.GetRawText()}");

    [GeneratedRegex(@"^http://[a-z0-9]{32}\.lambda-url\.localhost:7070/$")]
    private static partial Regex UrlShape();
}
