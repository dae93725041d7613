using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Server.Configuration;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Tls;

/// <summary>
/// The HTTPS port end to end: a real server with <c>TlsPort</c> 0 and its own certificate, real HTTP/2 clients that
/// trust only that certificate, and the same surfaces as the main port — function URLs run in real sandboxes, the
/// S3 API, routes served from a bucket, the native API.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HttpsServerTests : IAsyncLifetime
{
    private const string UrlId = "u0123456789abcdefghijklmnopqrstu";
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;
    private X509Certificate2 _trusted = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5, settings: new Dictionary<ServerSetting, string> { [ServerSetting.TlsPort] = "0" });
        using var http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
        _trusted = X509CertificateLoader.LoadCertificateFromFile(_server.Https!.CertificateFile);
    }

    public async Task DisposeAsync()
    {
        _trusted.Dispose();
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    private int HttpsPort => new Uri(_server.Https!.Address).Port;

    private CountingHttpClient Client(Version? version = null) =>
        new(new Uri(_server.Https!.Address), _trusted, version ?? HttpVersion.Version20);

    private string Https(string host, string pathAndQuery) => $"https://{host}:{HttpsPort}{pathAndQuery}";

    [Fact]
    public async Task FunctionUrl_ByHostOverHttp2_RunsTheFunctionAndAnswersInHttp2()
    {
        var functions = _server.Services.GetRequiredService<IFunctionCatalog>();
        await functions.CreateAsync(Tenants.Default, new FunctionDefinition
        {
            Name = "echo",
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = Zips.Make(("app.py", "import json\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event)}\n",
                Zips.File(0b110_100_100))).ToArray(),
        }, CancellationToken.None);
        Assert.True(await _server.Services.GetRequiredService<IFunctionUrlStore>().CreateAsync(
            new FunctionUrlConfig { TenantId = Tenants.Default, FunctionName = "echo", UrlId = UrlId, CreatedAt = DateTimeOffset.UtcNow, LastModified = DateTimeOffset.UtcNow },
            CancellationToken.None));
        using var client = Client();

        using var byHost = await client.Http.GetAsync(Https($"{UrlId}.lambda-url.localhost", "/orders?x=1"));
        using var byPath = await client.Http.GetAsync(Https("127.0.0.1", $"/_kumo/url/{UrlId}/orders"));

        Assert.Equal(HttpStatusCode.OK, byHost.StatusCode);
        Assert.Equal(HttpVersion.Version20, byHost.Version);
        var e = await byHost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/orders", e.GetProperty("rawPath").GetString());
        Assert.Equal("x=1", e.GetProperty("rawQueryString").GetString());
        Assert.Equal("HTTP/2", e.GetProperty("requestContext").GetProperty("http").GetProperty("protocol").GetString());
        Assert.Equal(HttpStatusCode.OK, byPath.StatusCode);
        Assert.Equal(HttpVersion.Version20, byPath.Version);
    }

    [Fact]
    public async Task S3Api_OverHttp2_CreatesABucketAndStoresAndReadsAnObject()
    {
        using var client = Client();

        using var bucket = await client.Http.PutAsync(Https("s3.localhost", "/photos"), null);
        using var put = await client.Http.PutAsync(Https("photos.s3.localhost", "/cats/tom.txt"), new StringContent("meow", Encoding.UTF8, "text/plain"));
        using var get = await client.Http.GetAsync(Https("s3.localhost", "/photos/cats/tom.txt"));
        using var missing = await client.Http.GetAsync(Https("photos.s3.us-east-1.localhost", "/cats/felix.txt"));

        Assert.Equal(HttpStatusCode.OK, bucket.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpVersion.Version20, put.Version);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpVersion.Version20, get.Version);
        Assert.Equal("meow", await get.Content.ReadAsStringAsync());
        Assert.Equal(put.Headers.ETag, get.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<Code>NoSuchKey</Code>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticRoute_AddedThroughTheNativeApiOverHttp2_ServesTheBucketInHttp2()
    {
        using var client = Client();
        const string Page = "<!doctype html><title>shop</title>\n";
        using var bucket = await client.Http.PutAsync(Https("s3.localhost", "/shop-site"), null);
        using var page = await client.Http.PutAsync(Https("s3.localhost", "/shop-site/index.html"), new StringContent(Page, Encoding.UTF8, "text/html"));
        using var route = await client.Http.PostAsync(
            Https("127.0.0.1", "/_kumo/v1/routes"),
            new StringContent("""{"app": "shop", "method": "GET", "path": "/{proxy+}", "bucket": "shop-site"}""", Encoding.UTF8, "application/json"));
        Assert.True(route.StatusCode == HttpStatusCode.Created, await route.Content.ReadAsStringAsync());

        using var byHost = await client.Http.GetAsync(Https("shop.api.localhost", "/"));
        using var byPath = await client.Http.GetAsync(Https("localhost", "/_kumo/api/shop/index.html"));

        Assert.Equal(HttpStatusCode.OK, byHost.StatusCode);
        Assert.Equal(HttpVersion.Version20, byHost.Version);
        Assert.Equal(Page, await byHost.Content.ReadAsStringAsync());
        Assert.Equal("text/html", byHost.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpVersion.Version20, byPath.Version);
        Assert.Equal(Page, await byPath.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HttpsPort_Http11Client_IsAnsweredInHttp11()
    {
        using var client = Client(HttpVersion.Version11);

        using var response = await client.Http.GetAsync(Https("localhost", "/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    [Fact]
    public async Task HttpsPort_PresentsTheAnnouncedCertificate_AndStatusAndServerJsonNameIt()
    {
        using var client = Client();

        using var status = await client.Http.GetAsync(Https("127.0.0.1", "/_kumo/v1/status"));

        Assert.Equal(_server.Https!.Fingerprint.Replace(":", "", StringComparison.Ordinal), client.PresentedFingerprint);
        Assert.Equal(_data.Combine("tls", "kumo-dev.pem"), _server.Https.CertificateFile);
        Assert.Equal("self-signed by Kumo, made now", _server.Https.Description);
        Assert.StartsWith("https://127.0.0.1:", _server.Https.Address, StringComparison.Ordinal);
        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(_server.Https.Address, body.GetProperty("httpsEndpoint").GetString());
        Assert.Equal(_server.Endpoint, body.GetProperty("endpoint").GetString());
        using var serverJson = JsonDocument.Parse(await File.ReadAllTextAsync(_data.Combine("server.json")));
        Assert.Equal(_server.Https.Address, serverJson.RootElement.GetProperty("httpsEndpoint").GetString());
    }

    [Fact]
    public async Task MainPort_StaysCleartextHttp11_AndAddressesHandedOutNameIt()
    {
        using var http = TestServers.ClientFor(_server);
        using var bucket = new HttpRequestMessage(HttpMethod.Put, "/shop-site");
        bucket.Headers.Host = "s3.localhost";
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bucket)).StatusCode);

        using var create = await http.PostAsync(
            "/_kumo/v1/routes",
            new StringContent("""{"app": "shop", "method": "GET", "path": "/{proxy+}", "bucket": "shop-site"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpVersion.Version11, create.Version);
        var route = await create.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(create.StatusCode == HttpStatusCode.Created, route.ToString());
        Assert.StartsWith($"http://shop.api.localhost:{new Uri(_server.Endpoint).Port}/", route.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(new Uri(_server.Endpoint).Port, HttpsPort);
    }
}
