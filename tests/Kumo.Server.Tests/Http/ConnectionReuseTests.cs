using System.Net;
using System.Text;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Server.Tests.Tls;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Http;

/// <summary>
/// HTTP/1.1 keep-alive on the main port: one TCP connection carries request after request — a function's answer, a
/// file from a bucket, the S3 API, Kumo's own endpoints — and only the S3 API's deliberate case closes it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ConnectionReuseTests : IAsyncLifetime
{
    private const string UrlId = "u0123456789abcdefghijklmnopqrstu";
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5);
        using var http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    private static HttpRequestMessage ToS3(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = "s3.localhost";
        return request;
    }

    [Fact]
    public async Task MainPort_Http11_OneConnectionCarriesFunctionStaticS3AndKumoAnswers()
    {
        // The function asks for the connection to close; connection headers are the gateway's, not the function's.
        await _server.Services.GetRequiredService<IFunctionCatalog>().CreateAsync(Tenants.Default, new FunctionDefinition
        {
            Name = "closer",
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = Zips.Make(("app.py",
                "def handler(event, context):\n    return {'statusCode': 200, 'headers': {'Connection': 'close', 'Keep-Alive': 'timeout=1'}, 'body': 'hi'}\n",
                Zips.File(0b110_100_100))).ToArray(),
        }, CancellationToken.None);
        Assert.True(await _server.Services.GetRequiredService<IFunctionUrlStore>().CreateAsync(
            new FunctionUrlConfig { TenantId = Tenants.Default, FunctionName = "closer", UrlId = UrlId, CreatedAt = DateTimeOffset.UtcNow, LastModified = DateTimeOffset.UtcNow },
            CancellationToken.None));
        using var client = new CountingHttpClient(new Uri(_server.Endpoint));
        client.Http.BaseAddress = new Uri(_server.Endpoint);

        List<HttpResponseMessage> responses =
        [
            await client.Http.SendAsync(ToS3(HttpMethod.Put, "/site")),
            await client.Http.SendAsync(ToS3(HttpMethod.Put, "/site/index.html", new StringContent("<h1>home</h1>", Encoding.UTF8, "text/html"))),
            await client.Http.PostAsync("/_kumo/v1/routes", new StringContent(
                """{"app": "web", "method": "GET", "path": "/{proxy+}", "bucket": "site"}""", Encoding.UTF8, "application/json")),
            await client.Http.GetAsync($"/_kumo/url/{UrlId}/"),
            await client.Http.GetAsync("/_kumo/api/web/index.html"),
            await client.Http.SendAsync(ToS3(HttpMethod.Get, "/site/index.html")),
            await client.Http.SendAsync(ToS3(HttpMethod.Get, "/site/missing.html")),
            await client.Http.GetAsync("/healthz"),
            await client.Http.GetAsync("/no/such/thing"),
        ];

        try
        {
            Assert.Equal(
                [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
                    HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.NotFound],
                responses.Select(r => r.StatusCode));
            Assert.Equal("hi", await responses[3].Content.ReadAsStringAsync());
            Assert.Equal("<h1>home</h1>", await responses[4].Content.ReadAsStringAsync());
            Assert.All(responses, r => Assert.NotEqual(true, r.Headers.ConnectionClose));
            Assert.All(responses, r => Assert.False(r.Headers.Contains("Keep-Alive")));
            Assert.Equal(1, client.Connections);
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task MainPort_S3EmptyBodyWithExpectContinue_ClosesTheConnectionOnPurpose()
    {
        using var client = new CountingHttpClient(new Uri(_server.Endpoint));
        client.Http.BaseAddress = new Uri(_server.Endpoint);
        using var before = await client.Http.GetAsync("/healthz");
        using var request = ToS3(HttpMethod.Put, "/empty-body");
        request.Content = new ByteArrayContent([]);
        request.Headers.ExpectContinue = true;

        using var closing = await client.Http.SendAsync(request);
        using var after = await client.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);
        Assert.True(closing.Headers.ConnectionClose);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, client.Connections);
    }
}
