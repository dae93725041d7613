using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Http;

/// <summary>
/// HTTP handlers written for API Gateway and function URLs on AWS, deployed unchanged: Node
/// (tests/Functions/NodeHttpFunction), Python (tests/Functions/PythonHttpFunction) and C#
/// (tests/Functions/HttpApiFunction, with the request and response classes of Amazon.Lambda.APIGatewayEvents),
/// each behind payload 2.0 routes, a function URL and a payload 1.0 route. One server and every function are
/// set up once for the class.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ExistingHandlersTests(ExistingHandlersTests.Deployment deployment) : IClassFixture<ExistingHandlersTests.Deployment>
{
    private const string NodeUrl = "n0123456789abcdefghijklmnopqrstu";
    private const string PythonUrl = "p0123456789abcdefghijklmnopqrstu";
    private const string DotnetUrl = "d0123456789abcdefghijklmnopqrstu";
    private const string Secret = "a-shared-secret-that-is-long-enough-for-hs256";

    private HttpClient Http => deployment.Http;

    [Fact]
    public async Task Node_RouteV2_GreetsThePathParameter_WithHeadersAndCookies()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_kumo/api/node/hello/ada?tag=a&tag=b");
        request.Headers.Add("Cookie", "session=abc; theme=light");

        using var response = await Http.SendAsync(request);

        var body = await JsonOf(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("node", response.Headers.GetValues("x-powered-by").Single());
        Assert.Equal(["greeted=ada; Path=/", "theme=dark; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("Hello, ada!", body.GetProperty("message").GetString());
        Assert.Equal("GET", body.GetProperty("method").GetString());
        Assert.Equal("/hello/ada", body.GetProperty("path").GetString());
        Assert.Equal("GET /hello/{name}", body.GetProperty("routeKey").GetString());
        Assert.Equal(["a", "b"], Strings(body.GetProperty("tags")));
        Assert.Equal(["session=abc", "theme=light"], Strings(body.GetProperty("cookies")));
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    [Fact]
    public async Task Node_RouteV2_BinaryPost_RoundTripsThroughBase64()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await Http.PostAsync("/_kumo/api/node/upload", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("256", response.Headers.GetValues("x-received-bytes").Single());
        Assert.Equal(bytes.Reverse(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Node_FunctionUrl_ByPathAndByHost_GreetsTheQueryName()
    {
        using var byPath = await Http.GetAsync($"/_kumo/url/{NodeUrl}/anything/here?name=grace");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?name=linus");
        request.Headers.Host = $"{NodeUrl}.lambda-url.localhost";
        using var byHost = await Http.SendAsync(request);

        var path = await JsonOf(byPath);
        var host = await JsonOf(byHost);
        Assert.Equal("Hello, grace!", path.GetProperty("message").GetString());
        Assert.Equal("/anything/here", path.GetProperty("path").GetString());
        Assert.Equal("$default", path.GetProperty("routeKey").GetString());
        Assert.Equal(["greeted=grace; Path=/", "theme=dark; HttpOnly"], byPath.Headers.GetValues("Set-Cookie"));
        Assert.True(byPath.Headers.Contains("x-amzn-RequestId"));
        Assert.Equal("Hello, linus!", host.GetProperty("message").GetString());
        Assert.Equal("/", host.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Node_RouteV1_ReadsMultiValueQuery_AndAnswersWithMultiValueHeaders()
    {
        using var response = await Http.GetAsync("/_kumo/api/node/items/42?tag=x&tag=y");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["x", "y"], response.Headers.GetValues("X-Tag"));
        Assert.Equal(["a=1; Path=/", "b=2; Path=/"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("GET", body.GetProperty("method").GetString());
        Assert.Equal("/items/{id}", body.GetProperty("resource").GetString());
        Assert.Equal("/items/42", body.GetProperty("path").GetString());
        Assert.Equal("42", body.GetProperty("id").GetString());
        Assert.Equal(["x", "y"], Strings(body.GetProperty("tags")));
        Assert.Equal("y", body.GetProperty("lastTag").GetString());
    }

    [Fact]
    public async Task Python_RouteV2_PostOfJson_Is201WithLocationAndTheItem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_kumo/api/python/items")
        {
            Content = new StringContent("{\"sku\":\"k-1\",\"qty\":3}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Custom", "yes");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/items/1", response.Headers.Location!.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/items", body.GetProperty("rawPath").GetString());
        Assert.Equal("POST", body.GetProperty("method").GetString());
        Assert.Equal("application/json; charset=utf-8", body.GetProperty("contentType").GetString());
        Assert.Equal("yes", body.GetProperty("custom").GetString());
        Assert.Equal("k-1", body.GetProperty("item").GetProperty("sku").GetString());
        Assert.Equal(3, body.GetProperty("item").GetProperty("qty").GetInt32());
        Assert.Equal("python-v2", body.GetProperty("functionName").GetString());
    }

    [Fact]
    public async Task Python_RouteV2_Get_HasTheDecodedPathParameterAndTheQuery()
    {
        using var response = await Http.GetAsync("/_kumo/api/python/hello/ada%20lovelace?x=1&x=2&y=z");

        var body = await JsonOf(response);
        Assert.Equal("/hello/ada%20lovelace", body.GetProperty("rawPath").GetString());
        Assert.Equal("ada lovelace", body.GetProperty("pathParameters").GetProperty("name").GetString());
        Assert.Equal("1,2", body.GetProperty("query").GetProperty("x").GetString());
        Assert.Equal("z", body.GetProperty("query").GetProperty("y").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("item").ValueKind);
    }

    [Fact]
    public async Task Python_FunctionUrl_ByHost_PostsWithCookies()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = new StringContent("{\"sku\":\"k-2\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = $"{PythonUrl}.lambda-url.localhost";
        request.Headers.Add("Cookie", "a=1; b=2");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/orders/1", response.Headers.Location!.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/orders", body.GetProperty("rawPath").GetString());
        Assert.Equal(["a=1", "b=2"], Strings(body.GetProperty("cookies")));
        Assert.Equal("k-2", body.GetProperty("item").GetProperty("sku").GetString());
        Assert.Empty(body.GetProperty("pathParameters").EnumerateObject());
    }

    [Fact]
    public async Task Python_RouteV1_GreedyPath_MultiValueQueryAndHeaders()
    {
        using var response = await Http.GetAsync("/_kumo/api/python/legacy/a/b.txt?tag=1&tag=2");

        var body = await JsonOf(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["1", "2"], response.Headers.GetValues("X-Tag"));
        Assert.Equal(["session=s1; Path=/; HttpOnly", "lang=en; Path=/"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("GET", body.GetProperty("method").GetString());
        Assert.Equal("/legacy/{proxy+}", body.GetProperty("resource").GetString());
        Assert.Equal("/legacy/a/b.txt", body.GetProperty("path").GetString());
        Assert.Equal("a/b.txt", body.GetProperty("pathParameters").GetProperty("proxy").GetString());
        Assert.Equal(["1", "2"], Strings(body.GetProperty("tags")));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("body").ValueKind);
    }

    [Fact]
    public async Task Dotnet_RouteV2_TypedRequestAndResponse_GreetWithHeadersAndCookies()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_kumo/api/dotnet/hello/ada?name=ignored");
        request.Headers.Add("Cookie", "session=abc");
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("User-Agent", "kumo-tests/1.0");

        using var response = await Http.SendAsync(request);

        var body = await JsonOf(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("ada", response.Headers.GetValues("X-Greeted").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal(["greeted=ada; Path=/; HttpOnly", "visits=1; Max-Age=60"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("Hello, ada!", body.GetProperty("message").GetString());
        Assert.Equal("GET", body.GetProperty("method").GetString());
        Assert.Equal("/hello/ada", body.GetProperty("rawPath").GetString());
        Assert.Equal("name=ignored", body.GetProperty("rawQueryString").GetString());
        Assert.Equal("GET /hello/{name}", body.GetProperty("routeKey").GetString());
        Assert.Equal("$default", body.GetProperty("stage").GetString());
        Assert.Equal("kumo-tests/1.0", body.GetProperty("userAgent").GetString());
        Assert.Equal(["session=abc"], Strings(body.GetProperty("cookies")));
        Assert.Equal("application/json", body.GetProperty("accept").GetString());
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), body.GetProperty("requestId").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("awsRequestId").GetString()));
    }

    [Fact]
    public async Task Dotnet_RouteV2_PostOfBinaryAndOfText_CountsTheBytes()
    {
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)).ToArray();
        using var binary = new ByteArrayContent(bytes);
        binary.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var text = new StringContent("héllo", Encoding.UTF8, "text/plain");

        using var binaryResponse = await Http.PostAsync("/_kumo/api/dotnet/hello/ada", binary);
        using var textResponse = await Http.PostAsync("/_kumo/api/dotnet/hello/ada", text);

        var counted = await JsonOf(binaryResponse);
        Assert.Equal(1000, counted.GetProperty("bytes").GetInt32());
        Assert.True(counted.GetProperty("base64").GetBoolean());
        Assert.Equal(0, counted.GetProperty("first").GetInt32());
        Assert.Equal(999 % 251, counted.GetProperty("last").GetInt32());
        var plain = await JsonOf(textResponse);
        Assert.Equal(6, plain.GetProperty("bytes").GetInt32());
        Assert.False(plain.GetProperty("base64").GetBoolean());
    }

    [Fact]
    public async Task Dotnet_FunctionUrl_GreetsTheQueryName()
    {
        using var response = await Http.GetAsync($"/_kumo/url/{DotnetUrl}/greet?name=grace");

        var body = await JsonOf(response);
        Assert.Equal("Hello, grace!", body.GetProperty("message").GetString());
        Assert.Equal("$default", body.GetProperty("routeKey").GetString());
        Assert.Equal("/greet", body.GetProperty("rawPath").GetString());
        Assert.Equal("name=grace", body.GetProperty("rawQueryString").GetString());
        Assert.Equal("grace", response.Headers.GetValues("X-Greeted").Single());
        Assert.Equal(["greeted=grace; Path=/; HttpOnly", "visits=1; Max-Age=60"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), body.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Dotnet_RouteV2_BehindAJwtAuthoriser_GetsClaimsAsStringsAndScopes()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_kumo/api/dotnet/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(new { sub = "ada", exp = expires, scope = "greet:read profile" }));

        using var response = await Http.SendAsync(request);

        var body = await JsonOf(response);
        Assert.Equal("Hello, world!", body.GetProperty("message").GetString());
        Assert.Equal("ada", body.GetProperty("subject").GetString());
        Assert.Equal(expires.ToString(CultureInfo.InvariantCulture), body.GetProperty("expires").GetString());
        Assert.Equal(["greet:read", "profile"], Strings(body.GetProperty("scopes")));
    }

    [Fact]
    public async Task Dotnet_RouteV1_ReadsMultiValueQuery_AndAnswersWithMultiValueHeaders()
    {
        using var tagged = await Http.GetAsync("/_kumo/api/dotnet/legacy/hello/ada?tag=a&tag=b");
        using var untagged = await Http.GetAsync("/_kumo/api/dotnet/legacy/hello/bob");

        var body = await JsonOf(tagged);
        Assert.Equal("application/json", tagged.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["a", "b"], tagged.Headers.GetValues("X-Tag"));
        Assert.Equal(["greeted=ada; Path=/", "format=1.0; Path=/"], tagged.Headers.GetValues("Set-Cookie"));
        Assert.Equal("Hello, ada!", body.GetProperty("message").GetString());
        Assert.Equal("GET", body.GetProperty("httpMethod").GetString());
        Assert.Equal("/legacy/hello/{name}", body.GetProperty("resource").GetString());
        Assert.Equal("/legacy/hello/ada", body.GetProperty("path").GetString());
        Assert.Equal("/legacy/hello/{name}", body.GetProperty("resourcePath").GetString());
        Assert.Equal("$default", body.GetProperty("stage").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("sourceIp").GetString()));
        Assert.Equal(["a", "b"], Strings(body.GetProperty("tags")));
        Assert.Equal("b", body.GetProperty("lastTag").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("body").ValueKind);
        var plain = await JsonOf(untagged);
        Assert.Equal("Hello, bob!", plain.GetProperty("message").GetString());
        Assert.Empty(plain.GetProperty("tags").EnumerateArray());
        Assert.False(untagged.Headers.Contains("X-Tag"));
    }


    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Token(object claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>One server with every handler deployed, behind its routes and function URLs.</summary>
    public sealed class Deployment : IAsyncLifetime
    {
        private const string Tenant = Tenants.Default;
        private const int ReadableFile = Zips.RegularFile | 0b110_100_100;
        private readonly TempDirectory _data = new();
        private RunningServer _server = null!;

        internal HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await TestServers.StartAsync(_data, drainSeconds: 5);
            // Cookies stay as each test sets them: a shared cookie jar would send one test's Set-Cookie in the next.
            Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(_server.Endpoint) };
            await Poll.UntilAsync(async () => (await Http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");

            var node = Package(Path.Combine(Metadata("RepositoryRoot"), "tests", "Functions", "NodeHttpFunction"));
            var python = Package(Path.Combine(Metadata("RepositoryRoot"), "tests", "Functions", "PythonHttpFunction"));
            var dotnet = Package(string.Format(CultureInfo.InvariantCulture, Metadata("FunctionsOutput"), "HttpApiFunction"));
            await FunctionAsync("node-v2", "nodejs20.x", "index.handler", node);
            await FunctionAsync("node-v1", "nodejs20.x", "index.v1", node);
            await FunctionAsync("python-v2", "python3.11", "app.handler", python);
            await FunctionAsync("python-v1", "python3.11", "app.handler_v1", python);
            await FunctionAsync("dotnet-v2", "dotnet8", "HttpApiFunction::HttpApiFunction.Handlers::V2", dotnet);
            await FunctionAsync("dotnet-v1", "dotnet8", "HttpApiFunction::HttpApiFunction.Handlers::V1", dotnet);

            await UrlAsync(NodeUrl, "node-v2");
            await UrlAsync(PythonUrl, "python-v2");
            await UrlAsync(DotnetUrl, "dotnet-v2");

            await _server.Services.GetRequiredService<IHttpAppStore>().PutAsync(new HttpApp
            {
                TenantId = Tenant,
                Name = "dotnet",
                Authorizers = new Dictionary<string, HttpAuthorizer> { ["users"] = new() { Type = HttpAuthorizerTypes.Jwt, Secret = Secret } },
                LastModified = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
            await RouteAsync(Route("node", "GET", "/hello/{name}", "node-v2"));
            await RouteAsync(Route("node", "POST", "/upload", "node-v2"));
            await RouteAsync(Route("node", "GET", "/items/{id}", "node-v1", HttpPayloadFormats.V1));
            await RouteAsync(Route("python", "GET", "/hello/{name}", "python-v2"));
            await RouteAsync(Route("python", "POST", "/items", "python-v2"));
            await RouteAsync(Route("python", "ANY", "/legacy/{proxy+}", "python-v1", HttpPayloadFormats.V1));
            await RouteAsync(Route("dotnet", "GET", "/hello/{name}", "dotnet-v2"));
            await RouteAsync(Route("dotnet", "POST", "/hello/{name}", "dotnet-v2"));
            await RouteAsync(Route("dotnet", "GET", "/me", "dotnet-v2") with
            {
                AuthorizationType = HttpAuthorizationTypes.Jwt,
                AuthorizerName = "users",
                AuthorizationScopes = ["greet:read"],
            });
            await RouteAsync(Route("dotnet", "GET", "/legacy/hello/{name}", "dotnet-v1", HttpPayloadFormats.V1));
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await _server.DisposeAsync();
            await SandboxLeaks.AssertNoneAsync(_data.Path);
            _data.Dispose();
        }

        private Task FunctionAsync(string name, string runtime, string handler, byte[] zip) =>
            _server.Services.GetRequiredService<IFunctionCatalog>().CreateAsync(
                Tenant, new FunctionDefinition { Name = name, Runtime = runtime, Handler = handler, ZipFile = zip }, CancellationToken.None);

        private async Task UrlAsync(string urlId, string function) =>
            Assert.True(await _server.Services.GetRequiredService<IFunctionUrlStore>().CreateAsync(
                new FunctionUrlConfig { TenantId = Tenant, FunctionName = function, UrlId = urlId, CreatedAt = DateTimeOffset.UtcNow, LastModified = DateTimeOffset.UtcNow },
                CancellationToken.None));

        private async Task RouteAsync(HttpRoute route) =>
            Assert.True(await _server.Services.GetRequiredService<IRouteStore>().AddAsync(route, CancellationToken.None));

        private static HttpRoute Route(string app, string method, string path, string function, string format = HttpPayloadFormats.V2) => new()
        {
            TenantId = Tenant,
            App = app,
            RouteId = "r-" + Guid.NewGuid().ToString("N")[..10],
            Method = method,
            Path = path,
            FunctionName = function,
            PayloadFormat = format,
            CreatedAt = DateTimeOffset.UtcNow,
        };

        /// <summary>A zip of the folder's top-level files, as a user would zip a function's sources or its build output.</summary>
        private static byte[] Package(string directory)
        {
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
                {
                    var entry = archive.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Fastest);
                    entry.ExternalAttributes = ReadableFile << 16;
                }
            }

            return zip.ToArray();
        }

        private static string Metadata(string key) => typeof(Deployment).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    }
}
