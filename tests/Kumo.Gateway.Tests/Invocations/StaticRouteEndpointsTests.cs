using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Objects;
using Kumo.Abstractions.Status;
using Kumo.Gateway.Http.Routing;
using Kumo.Gateway.Invocations;
using Kumo.Gateway.Lifecycle;
using Kumo.Gateway.Tests.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary><c>/_kumo/v1/routes</c> for routes that serve a bucket's files, on a real Kestrel over in-memory routes, functions and buckets.</summary>
public sealed class StaticRouteEndpointsTests : IAsyncLifetime
{
    private readonly InMemoryRouteStore _routes = new();
    private readonly InMemoryFunctionCatalog _functions = new();
    private readonly InMemoryObjectStore _objects = new(new FixedTimeProvider(NativeApiHost.Now));
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(NativeApiHost.Now));
        builder.Services.AddSingleton<PlatformLifecycle>();
        builder.Services.AddSingleton<IRouteStore>(_routes);
        builder.Services.AddSingleton<IHttpAppStore>(new InMemoryHttpAppStore());
        builder.Services.AddSingleton<IFunctionCatalog>(_functions);
        builder.Services.AddSingleton<IObjectStore>(_objects);
        builder.Services.AddSingleton(new GatewayOptions());
        builder.Services.AddSingleton<RouteCache>();
        _app = builder.Build();
        InvocationsApi.Map(_app);
        await _app.StartAsync();
        _app.Services.GetRequiredService<PlatformLifecycle>().MarkReady();
        _endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _client = new HttpClient { BaseAddress = _endpoint };
        _functions.Add("api");
        await _objects.CreateBucketAsync(new BucketInfo(Tenants.Default, "webapp-site", NativeApiHost.Now, "us-east-1"), CancellationToken.None);
        await _objects.CreateBucketAsync(new BucketInfo("someone-else", "their-site", NativeApiHost.Now, "us-east-1"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(_endpoint.Host, _endpoint.Port));
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync(NativeApi.RoutesPath, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<ApiError> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(response.StatusCode == status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError))!;
    }

    [Fact]
    public async Task Add_BucketRoute_StoresItWithoutAFunctionAndShowsTheBucket()
    {
        using var response = await PostAsync("""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "webapp-site"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var entry = JsonSerializer.Deserialize(raw, KumoJsonContext.Default.RouteEntry)!;
        Assert.Equal(("GET /{proxy+}", "webapp-site", null as string, null as string), (entry.RouteKey, entry.Bucket, entry.Prefix, entry.Function));
        Assert.DoesNotContain("\"function\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"prefix\"", raw, StringComparison.Ordinal);
        var stored = Assert.Single(_routes.Routes);
        Assert.Equal(("", "webapp-site", null as string, true), (stored.FunctionName, stored.StaticBucket, stored.StaticPrefix, stored.IsStatic));
    }

    [Theory]
    [InlineData("site", "site/")]
    [InlineData("/site/v2/", "site/v2/")]
    [InlineData("", null)]
    public async Task Add_Prefix_IsKeptAsAFolder(string prefix, string? stored)
    {
        using var response = await PostAsync($$"""{"app": "webapp", "path": "$default", "bucket": "webapp-site", "prefix": "{{prefix}}"}""");

        var entry = (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.RouteEntry))!;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(stored, entry.Prefix);
        Assert.Equal(stored, Assert.Single(_routes.Routes).StaticPrefix);
    }

    [Fact]
    public async Task List_ShowsFunctionAndBucketRoutesSideBySide()
    {
        using var site = await PostAsync("""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "webapp-site", "prefix": "www/"}""");
        using var api = await PostAsync("""{"app": "webapp", "method": "ANY", "path": "/api/{proxy+}", "function": "api"}""");

        var routes = (await _client.GetFromJsonAsync(NativeApi.RoutesPath + "?app=webapp", KumoJsonContext.Default.RouteList))!.Routes;

        Assert.Equal(
            [("ANY /api/{proxy+}", "api", null), ("GET /{proxy+}", null, "webapp-site")],
            routes.Select(r => (r.RouteKey, r.Function, r.Bucket)).OrderBy(r => r.RouteKey, StringComparer.Ordinal).ToArray());
        Assert.Equal("www/", routes.Single(r => r.Bucket is not null).Prefix);
    }

    [Theory]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "function": "api", "bucket": "webapp-site"}""", "give either function 'api'")]
    [InlineData("""{"app": "webapp", "method": "POST", "path": "/{proxy+}", "bucket": "webapp-site"}""", "method 'POST' cannot serve files")]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/index.html", "bucket": "webapp-site"}""", "path '/index.html' cannot serve files")]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/{file}", "bucket": "webapp-site"}""", "ends with a greedy parameter")]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "Bad_Bucket"}""", "bucket 'Bad_Bucket' is not a bucket name")]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "webapp-site", "payloadFormat": "1.0"}""", "payloadFormat is only for a route that invokes a function")]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "webapp-site", "timeoutSeconds": 5}""", "timeoutSeconds is only for a route that invokes a function")]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "function": "api", "prefix": "www/"}""", "prefix is only for a route that serves a bucket")]
    [InlineData("""{"app": "webapp", "method": "GET", "path": "/{proxy+}"}""", "function is missing: give the name of the function the route invokes, or a bucket")]
    public async Task Add_BucketRouteNotRight_Answers400SayingWhy(string body, string expected)
    {
        using var response = await PostAsync(body);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(_routes.Routes);
    }

    [Theory]
    [InlineData("no-such-site")]
    [InlineData("their-site")]
    public async Task Add_BucketMissingOrAnotherTenants_Answers404SayingHowToMakeIt(string bucket)
    {
        using var response = await PostAsync($$"""{"app": "webapp", "method": "GET", "path": "/{proxy+}", "bucket": "{{bucket}}"}""");

        var error = await ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Contains($"there is no bucket named '{bucket}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"s3 mb s3://{bucket}", error.Message, StringComparison.Ordinal);
        Assert.Empty(_routes.Routes);
    }
}
