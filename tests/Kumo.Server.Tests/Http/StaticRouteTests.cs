using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Objects;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Http;

/// <summary>
/// App routes served from a bucket, end to end: a real server with its SQLite store and object files, routes added
/// through the native API, a real HTTP client; beside them a function route run in a real sandbox.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StaticRouteTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private const string Bucket = "webapp-site";
    private const string Host = "webapp.api.localhost";
    private const string IndexHtml = "<!doctype html><title>webapp</title><script src=\"js/app.js\"></script>\n";
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.Endpoint) };
        await Poll.UntilAsync(async () => (await _http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
        var store = Objects;
        Assert.Equal(ObjectStoreResult.Done, await store.CreateBucketAsync(new BucketInfo(Tenant, Bucket, DateTimeOffset.UtcNow, "us-east-1"), CancellationToken.None));
        await PutAsync("index.html", IndexHtml, "text/html");
        await PutAsync("js/app.js", "console.log('hi');\n", null, new() { ["Cache-Control"] = "public, max-age=31536000, immutable" });
        await PutAsync("css/site.css", "body { color: teal }\n", "binary/octet-stream");
        await PutAsync("docs/index.html", "<h1>docs</h1>", "text/html");
        await PutAsync("data/numbers.bin", Encoding.ASCII.GetString([.. Enumerable.Range(0, 100).Select(i => (byte)('0' + (i % 10)))]), "application/octet-stream");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    private IObjectStore Objects => _server.Services.GetRequiredService<IObjectStore>();

    private async Task PutAsync(string key, string text, string? contentType, Dictionary<string, string>? headers = null)
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var write = new ObjectWrite { Bucket = Bucket, Key = key, ContentType = contentType, Headers = headers ?? [] };
        Assert.NotNull(await Objects.PutAsync(write, body, CancellationToken.None));
    }

    private async Task AddRouteAsync(string json)
    {
        using var response = await _http.PostAsync("/_kumo/v1/routes", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Host = Host;
        configure?.Invoke(request);
        return await _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? configure = null) => SendAsync(HttpMethod.Get, path, configure);

    private static async Task<string> MessageOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;

    [Fact]
    public async Task GreedyRoute_ServesIndexNestedFilesWithTheirTypesAndCacheControl()
    {
        await AddRouteAsync($$"""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "{{Bucket}}"}""");

        using var root = await GetAsync("/");
        using var script = await GetAsync("/js/app.js");
        using var style = await GetAsync("/css/site.css");
        using var byPath = await _http.GetAsync("/_kumo/api/webapp/js/app.js");
        using var head = await SendAsync(HttpMethod.Head, "/docs/");

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(IndexHtml, await root.Content.ReadAsStringAsync());
        Assert.Equal("text/html", root.Content.Headers.ContentType!.MediaType);
        Assert.False(string.IsNullOrEmpty(root.Headers.GetValues("apigw-requestid").Single()));
        Assert.Equal("console.log('hi');\n", await script.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", script.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
        Assert.Equal("console.log('hi');\n", await byPath.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(13, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PrefixedRoute_ServesTheFolderUnderItsPath_AndRedirectsTheFolderWithoutSlash()
    {
        await AddRouteAsync($$"""{"app": "webapp", "method": "GET", "path": "/help/{path+}", "bucket": "{{Bucket}}", "prefix": "docs"}""");

        using var index = await GetAsync("/help/");
        using var bare = await GetAsync("/help?x=1");

        Assert.Equal("<h1>docs</h1>", await index.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Found, bare.StatusCode);
        Assert.Equal("/help/?x=1", bare.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ETagAndIfNoneMatch_Is304_RangeIs206_PastTheEndIs416()
    {
        await AddRouteAsync($$"""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "{{Bucket}}"}""");
        using var first = await GetAsync("/data/numbers.bin");
        var etag = first.Headers.ETag!.ToString();

        using var notModified = await GetAsync("/data/numbers.bin", r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        using var changed = await GetAsync("/data/numbers.bin", r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"0000\""));
        using var range = await GetAsync("/data/numbers.bin", r => r.Headers.TryAddWithoutValidation("Range", "bytes=10-14"));
        using var pastTheEnd = await GetAsync("/data/numbers.bin", r => r.Headers.TryAddWithoutValidation("Range", "bytes=100-"));

        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);
        Assert.Equal("bytes", first.Headers.AcceptRanges.Single());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal("bytes 10-14/100", range.Content.Headers.ContentRange!.ToString());
        Assert.Equal("01234", await range.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, pastTheEnd.StatusCode);
        Assert.Equal("bytes */100", pastTheEnd.Content.Headers.ContentRange!.ToString());
        Assert.Contains("Range Not Satisfiable", await MessageOf(pastTheEnd), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_Is404WithAMessageNamingItAndTheBucket()
    {
        await AddRouteAsync($$"""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "{{Bucket}}"}""");

        using var response = await GetAsync("/img/nothing.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var message = await MessageOf(response);
        Assert.Contains("no file 'img/nothing.png' in bucket 'webapp-site'", message, StringComparison.Ordinal);
        Assert.Contains("GET /{proxy+}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyRoute_ServesGetAndHead_AndAnswersOtherMethods405()
    {
        await AddRouteAsync($$"""{"app": "webapp", "path": "$default", "bucket": "{{Bucket}}"}""");

        using var get = await GetAsync("/docs/");
        using var post = await SendAsync(HttpMethod.Post, "/docs/");

        Assert.Equal("<h1>docs</h1>", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("GET, HEAD", post.Content.Headers.NonValidated["Allow"].ToString());
        Assert.Contains("to GET and HEAD only", await MessageOf(post), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionRouteBesideTheStaticRoute_OneOriginServesBoth()
    {
        await _server.Services.GetRequiredService<IFunctionCatalog>().CreateAsync(Tenant, new FunctionDefinition
        {
            Name = "api",
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = Zips.Make(("app.py", "def handler(event, context):\n    return {'route': event['routeKey'], 'path': event['rawPath']}\n", Zips.File(0b110_100_100))).ToArray(),
        }, CancellationToken.None);
        await AddRouteAsync($$"""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "{{Bucket}}"}""");
        await AddRouteAsync("""{"app": "webapp", "method": "ANY", "path": "/api/{proxy+}", "function": "api"}""");

        using var page = await GetAsync("/");
        using var api = await GetAsync("/api/items");
        using var post = await SendAsync(HttpMethod.Post, "/api/orders");
        using var postToSite = await SendAsync(HttpMethod.Post, "/index.html");

        Assert.Equal(IndexHtml, await page.Content.ReadAsStringAsync());
        var answer = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ANY /api/{proxy+}", "/api/items"), (answer.GetProperty("route").GetString(), answer.GetProperty("path").GetString()));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, postToSite.StatusCode);
        Assert.Contains("this path has routes for GET", await MessageOf(postToSite), StringComparison.Ordinal);
        var runs = await _server.Services.GetRequiredService<IInvocationStore>().ListAsync(new InvocationQuery(Tenant) { FunctionName = "api" }, CancellationToken.None);
        Assert.Equal(2, runs.Count);
    }

    [Fact]
    public async Task StaticRouteBehindAnApiKeyAndCors_AreCheckedAsForFunctionRoutes()
    {
        const string Key = "webapp-partner-key";
        await _server.Services.GetRequiredService<IHttpAppStore>().PutAsync(new HttpApp
        {
            TenantId = Tenant,
            Name = "webapp",
            Cors = new CorsConfig { AllowOrigins = ["https://app.example"], AllowMethods = ["GET"] },
            ApiKeys = [new HttpApiKey("k-1", "partner", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))), null, DateTimeOffset.UtcNow)],
            LastModified = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        await AddRouteAsync($$"""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "{{Bucket}}", "apiKeyRequired": true}""");

        using var missing = await GetAsync("/");
        using var wrong = await GetAsync("/", r => r.Headers.Add("x-api-key", "guess"));
        using var allowed = await GetAsync("/", r =>
        {
            r.Headers.Add("x-api-key", Key);
            r.Headers.Add("Origin", "https://app.example");
        });
        using var preflight = await SendAsync(HttpMethod.Options, "/js/app.js", r =>
        {
            r.Headers.Add("Origin", "https://app.example");
            r.Headers.Add("Access-Control-Request-Method", "GET");
        });

        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Contains("x-api-key", await MessageOf(missing), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(IndexHtml, await allowed.Content.ReadAsStringAsync());
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal("https://app.example", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task BucketRemovedUnderTheRoute_Is502SayingSo()
    {
        await AddRouteAsync($$"""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "{{Bucket}}"}""");
        foreach (var key in new[] { "index.html", "js/app.js", "css/site.css", "docs/index.html", "data/numbers.bin" })
        {
            await Objects.DeleteAsync(Bucket, key, null, CancellationToken.None);
        }

        Assert.Equal(ObjectStoreResult.Done, await Objects.DeleteBucketAsync(Bucket, CancellationToken.None));
        using var response = await GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains($"'{Bucket}', does not exist", await MessageOf(response), StringComparison.Ordinal);
    }
}
