using System.Net;
using System.Text;
using System.Text.Json;
using Kumo.FunctionalTests.Lambda;

namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// The webapp sample's API, deployed by its script, answering requests a page would not send: unknown paths, other
/// methods, bad bodies — each with its status and a JSON <c>{"message"}</c> that says what was wrong — and greeting in
/// the caller's language.
/// </summary>
[Collection(WebAppSampleCollection.Name)]
public sealed class WebAppApiTests(LambdaServer server) : IClassFixture<LambdaServer>
{
    [Fact]
    public async Task DeployedApi_BadRequests_AnswerJsonErrors()
    {
        var deploy = await WebAppSample.DeployAsync(server.Endpoint);
        Assert.True(deploy.ExitCode == 0, WebAppSample.Describe(deploy));
        using var http = new HttpClient { BaseAddress = new Uri($"{server.Endpoint}/_kumo/api/{WebAppSample.App}/") };

        var unknown = await http.GetAsync("api/nothing");
        var wrongMethod = await http.GetAsync("api/greetings");
        var badJson = await http.PostAsync("api/greetings", new StringContent("{", Encoding.UTF8, "application/json"));
        var noName = await http.PostAsync("api/greetings", new StringContent("""{"nom":"Ada"}""", Encoding.UTF8, "application/json"));
        var longName = await http.PostAsync("api/greetings", new StringContent($$"""{"name":"{{new string('a', 61)}}"}""", Encoding.UTF8, "application/json"));
        var notJson = await http.PostAsync("api/greetings", new StringContent("name=Ada", Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var german = new HttpRequestMessage(HttpMethod.Post, "api/greetings") { Content = new StringContent("""{"name":" Ada "}""", Encoding.UTF8, "application/json") };
        german.Headers.AcceptLanguage.ParseAdd("xx, de-AT;q=0.8, fr;q=0.5");
        var greeted = await http.SendAsync(german);

        await AssertErrorAsync(unknown, HttpStatusCode.NotFound, "there is no GET /api/nothing: this API has GET /api/request and POST /api/greetings");
        await AssertErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "/api/greetings takes POST, not GET");
        Assert.Equal("POST", string.Join(",", wrongMethod.Content.Headers.Allow));
        await AssertErrorAsync(badJson, HttpStatusCode.BadRequest, "the body is not valid JSON (");
        await AssertErrorAsync(noName, HttpStatusCode.BadRequest, """the body has no "name": send {"name": "Ada"}""");
        await AssertErrorAsync(longName, HttpStatusCode.BadRequest, "the name has 61 characters; 60 at most, please");
        await AssertErrorAsync(notJson, HttpStatusCode.UnsupportedMediaType, "send the name as JSON with Content-Type: application/json, not application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, greeted.StatusCode);
        using var greeting = JsonDocument.Parse(await greeted.Content.ReadAsStringAsync());
        Assert.Equal("Hallo, Ada!", greeting.RootElement.GetProperty("greeting").GetString());
        Assert.Equal("de", greeting.RootElement.GetProperty("language").GetString());
        Assert.Equal(greeted.Headers.GetValues("apigw-requestid").Single(), greeting.RootElement.GetProperty("requestId").GetString());
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        using var document = JsonDocument.Parse(body);
        Assert.StartsWith(message, document.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
