using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Http;

/// <summary>
/// Function URLs and app routes end to end: a real HTTP client, a real server, real functions. The request
/// becomes the payload format's event and the function's answer becomes the HTTP response, as on AWS.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HttpFunctionTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private const string UrlId = "u0123456789abcdefghijklmnopqrstu";
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5);
        _http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await _http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    private Task CreateAsync(string name, string code) =>
        _server.Services.GetRequiredService<IFunctionCatalog>().CreateAsync(Tenant, new FunctionDefinition
        {
            Name = name,
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = Zips.Make(("app.py", code, Zips.File(0b110_100_100))).ToArray(),
        }, CancellationToken.None);

    private async Task UrlAsync(string function, CorsConfig? cors = null, string urlId = UrlId) =>
        Assert.True(await _server.Services.GetRequiredService<IFunctionUrlStore>().CreateAsync(
            new FunctionUrlConfig { TenantId = Tenant, FunctionName = function, UrlId = urlId, Cors = cors, CreatedAt = DateTimeOffset.UtcNow, LastModified = DateTimeOffset.UtcNow },
            CancellationToken.None));

    private async Task RouteAsync(string app, string method, string path, string function, string format = HttpPayloadFormats.V2, int? timeout = null)
    {
        Assert.True(await _server.Services.GetRequiredService<IRouteStore>().AddAsync(
            new HttpRoute
            {
                TenantId = Tenant,
                App = app,
                RouteId = "r-" + Guid.NewGuid().ToString("N")[..10],
                Method = method,
                Path = path,
                FunctionName = function,
                PayloadFormat = format,
                TimeoutSeconds = timeout,
                CreatedAt = DateTimeOffset.UtcNow,
            },
            CancellationToken.None));
    }

    // Answers with the event it got, so a test can check what the gateway sent.
    private const string EchoEvent = "import json\ndef handler(event, context):\n    return {'statusCode': 200, 'headers': {'content-type': 'application/json'}, 'body': json.dumps(event)}\n";

    private static async Task<JsonElement> EventOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> MessageOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;

    [Fact]
    public async Task FunctionUrl_ByPath_SendsAPayload2EventWithQueryCookiesAndHeaders()
    {
        await CreateAsync("echo", EchoEvent);
        await UrlAsync("echo");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/_kumo/url/{UrlId}/orders/a%20b?x=1&x=2&y=z");
        request.Headers.Add("Cookie", "session=abc; theme=dark");
        request.Headers.Add("X-Custom", "yes");

        using var response = await _http.SendAsync(request);

        var e = await EventOf(response);
        Assert.Equal("2.0", e.GetProperty("version").GetString());
        Assert.Equal("$default", e.GetProperty("routeKey").GetString());
        Assert.Equal("/orders/a%20b", e.GetProperty("rawPath").GetString());
        Assert.Equal("x=1&x=2&y=z", e.GetProperty("rawQueryString").GetString());
        Assert.Equal("1,2", e.GetProperty("queryStringParameters").GetProperty("x").GetString());
        Assert.Equal(["session=abc", "theme=dark"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("yes", e.GetProperty("headers").GetProperty("x-custom").GetString());
        var http = e.GetProperty("requestContext").GetProperty("http");
        Assert.Equal("GET", http.GetProperty("method").GetString());
        Assert.Equal("/orders/a b", http.GetProperty("path").GetString());
        Assert.Equal(UrlId, e.GetProperty("requestContext").GetProperty("apiId").GetString());
        Assert.Equal(e.GetProperty("requestContext").GetProperty("requestId").GetString(), response.Headers.GetValues("x-amzn-RequestId").Single());
    }

    [Fact]
    public async Task FunctionUrl_ByHost_IsTheSameFunction()
    {
        await CreateAsync("echo", EchoEvent);
        await UrlAsync("echo");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/submit") { Content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json") };
        request.Headers.Host = $"{UrlId}.lambda-url.localhost";

        using var response = await _http.SendAsync(request);

        var e = await EventOf(response);
        Assert.Equal("/submit", e.GetProperty("rawPath").GetString());
        Assert.Equal("{\"a\":1}", e.GetProperty("body").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal($"{UrlId}.lambda-url.localhost", e.GetProperty("requestContext").GetProperty("domainName").GetString());
    }

    [Fact]
    public async Task FunctionUrl_ResponseWithStatusHeadersCookiesAndBase64Body_IsMappedExactly()
    {
        await CreateAsync("binary", """
            import base64
            def handler(event, context):
                data = base64.b64decode(event['body']) if event['isBase64Encoded'] else event['body'].encode()
                return {'statusCode': 201, 'headers': {'content-type': 'application/octet-stream', 'x-reversed': 'yes'},
                        'cookies': ['a=1; Path=/', 'b=2; HttpOnly'], 'isBase64Encoded': True,
                        'body': base64.b64encode(bytes(reversed(data))).decode()}
            """);
        await UrlAsync("binary");
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await _http.PostAsync($"/_kumo/url/{UrlId}/", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("x-reversed").Single());
        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes.Reverse(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task FunctionUrl_PlainObjectResult_Is200Json()
    {
        await CreateAsync("plain", "def handler(event, context):\n    return {'hello': 'world'}\n");
        await UrlAsync("plain");

        using var response = await _http.GetAsync($"/_kumo/url/{UrlId}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("world", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hello").GetString());
    }

    [Fact]
    public async Task FunctionUrl_UnknownId_Is404SayingSo()
    {
        using var response = await _http.GetAsync("/_kumo/url/nosuchid/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nosuchid", await MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionUrl_Cors_PreflightAnsweredByTheGateway_AndHeadersOnAnswers()
    {
        await CreateAsync("api", "def handler(event, context):\n    return {'ok': True}\n");
        await UrlAsync("api", new CorsConfig { AllowOrigins = ["https://app.example"], AllowMethods = ["GET", "POST"], AllowHeaders = ["content-type"], MaxAge = 600 });

        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/_kumo/url/{UrlId}/");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await _http.SendAsync(preflight);
        using var foreign = new HttpRequestMessage(HttpMethod.Options, $"/_kumo/url/{UrlId}/");
        foreign.Headers.Add("Origin", "https://evil.example");
        foreign.Headers.Add("Access-Control-Request-Method", "POST");
        using var refused = await _http.SendAsync(foreign);
        using var actual = new HttpRequestMessage(HttpMethod.Get, $"/_kumo/url/{UrlId}/");
        actual.Headers.Add("Origin", "https://app.example");
        using var answer = await _http.SendAsync(actual);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("600", allowed.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://app.example", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        // Only the real request ran the function; the preflights were answered by the gateway.
        Assert.Single(await _server.Services.GetRequiredService<Kumo.Abstractions.Invocations.IInvocationStore>().ListAsync(
            new Kumo.Abstractions.Invocations.InvocationQuery(Tenant) { FunctionName = "api" }, CancellationToken.None));
    }

    [Fact]
    public async Task Route_Payload1_HasResourcePathParametersAndMultiValueQuery()
    {
        await CreateAsync("users", EchoEvent);
        await RouteAsync("shop", "GET", "/users/{id}", "users", HttpPayloadFormats.V1);

        using var response = await _http.GetAsync("/_kumo/api/shop/users/42?tag=a&tag=b");

        var e = await EventOf(response);
        Assert.Equal("1.0", e.GetProperty("version").GetString());
        Assert.Equal("/users/{id}", e.GetProperty("resource").GetString());
        Assert.Equal("/users/42", e.GetProperty("path").GetString());
        Assert.Equal("GET", e.GetProperty("httpMethod").GetString());
        Assert.Equal("42", e.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal(["a", "b"], e.GetProperty("multiValueQueryStringParameters").GetProperty("tag").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("b", e.GetProperty("queryStringParameters").GetProperty("tag").GetString());
        Assert.Equal("shop", e.GetProperty("requestContext").GetProperty("apiId").GetString());
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    [Fact]
    public async Task Route_ByHost_GreedyPathAndMostSpecificRouteWin()
    {
        await CreateAsync("files", EchoEvent);
        await RouteAsync("docs", "ANY", "/files/{path+}", "files");
        await RouteAsync("docs", "GET", "/files/readme", "files");

        using var greedy = new HttpRequestMessage(HttpMethod.Delete, "/files/a/b%2Fc/d.txt");
        greedy.Headers.Host = "docs.api.localhost";
        var deep = await EventOf(await _http.SendAsync(greedy));
        using var literal = new HttpRequestMessage(HttpMethod.Get, "/files/readme");
        literal.Headers.Host = "docs.api.localhost";
        var exact = await EventOf(await _http.SendAsync(literal));

        Assert.Equal("ANY /files/{path+}", deep.GetProperty("routeKey").GetString());
        Assert.Equal("a/b/c/d.txt", deep.GetProperty("pathParameters").GetProperty("path").GetString());
        Assert.Equal("GET /files/readme", exact.GetProperty("routeKey").GetString());
    }

    [Fact]
    public async Task Route_Unknown_Is404NamingTheMethodAndPath()
    {
        await CreateAsync("users", EchoEvent);
        await RouteAsync("shop", "GET", "/users/{id}", "users");

        using var wrongMethod = await _http.PostAsync("/_kumo/api/shop/users/1", new StringContent(""));
        using var nowhere = await _http.GetAsync("/_kumo/api/shop/nowhere");
        using var noApp = await _http.GetAsync("/_kumo/api/ghost/x");

        Assert.Equal(HttpStatusCode.NotFound, wrongMethod.StatusCode);
        var message = await MessageOf(wrongMethod);
        Assert.Contains("POST /users/1", message, StringComparison.Ordinal);
        Assert.Contains("routes for GET", message, StringComparison.Ordinal);
        Assert.Contains("GET /nowhere", await MessageOf(nowhere), StringComparison.Ordinal);
        Assert.Contains("has no routes", await MessageOf(noApp), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_FunctionError_Is502WithoutTheStackTrace()
    {
        await CreateAsync("broken", "def handler(event, context):\n    raise ValueError('secret database password in here')\n");
        await RouteAsync("shop", "GET", "/broken", "broken");

        using var response = await _http.GetAsync("/_kumo/api/shop/broken");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", body, StringComparison.Ordinal);
        Assert.Contains("broken", await MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_FunctionSlowerThanTheRouteTimeout_Is504()
    {
        await CreateAsync("slow", "import time\ndef handler(event, context):\n    time.sleep(4)\n    return 'late'\n");
        await _server.Services.GetRequiredService<IFunctionCatalog>().UpdateSettingsAsync(
            Tenant, "slow", new FunctionSettings { TimeoutSeconds = 10 }, CancellationToken.None);
        await RouteAsync("shop", "GET", "/slow", "slow", timeout: 1);

        using var response = await _http.GetAsync("/_kumo/api/shop/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("1 s", await MessageOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_ThrottledFunction_Is429WithRetryAfter()
    {
        await CreateAsync("held", "def handler(event, context):\n    return 'ok'\n");
        await _server.Services.GetRequiredService<IFunctionCatalog>().SetReservedConcurrencyAsync(Tenant, "held", 0, CancellationToken.None);
        await RouteAsync("shop", "GET", "/held", "held");

        using var response = await _http.GetAsync("/_kumo/api/shop/held");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Route_BodyOverTheLimit_Is413BeforeItIsAllSent()
    {
        await CreateAsync("sink", "def handler(event, context):\n    return 'read'\n");
        await RouteAsync("shop", "POST", "/upload", "sink");
        var sent = 0L;
        using var content = new StreamContent(new EndlessStream(() => Interlocked.Read(ref sent), n => Interlocked.Add(ref sent, n), 64L << 20));

        HttpResponseMessage? response = null;
        try
        {
            response = await _http.PostAsync("/_kumo/api/shop/upload", content);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection while the client still sends; then the answer is lost with it.
        }

        if (response is not null)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            response.Dispose();
        }

        Assert.True(Interlocked.Read(ref sent) < 64L << 20, $"the client sent all {sent} bytes: the server read past the limit");
        Assert.Empty(await _server.Services.GetRequiredService<Kumo.Abstractions.Invocations.IInvocationStore>().ListAsync(
            new Kumo.Abstractions.Invocations.InvocationQuery(Tenant) { FunctionName = "sink" }, CancellationToken.None));
    }

    /// <summary>A request body of up to <c>length</c> bytes made as it is read, counting what was read.</summary>
    private sealed class EndlessStream(Func<long> read, Action<long> add, long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - read());
            Array.Fill(buffer, (byte)'x', offset, n);
            add(n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
