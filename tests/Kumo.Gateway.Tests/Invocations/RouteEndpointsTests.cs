using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Status;
using Kumo.Gateway.Http.Routing;
using Kumo.Gateway.Invocations;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary><c>/_kumo/v1/routes</c> on a real Kestrel at a free port, over in-memory routes and functions.</summary>
public sealed class RouteEndpointsTests : IAsyncLifetime
{
    private readonly InMemoryRouteStore _routes = new();
    private readonly InMemoryFunctionCatalog _functions = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Uri _endpoint = null!;

    // Transient, so that a test can put the platform back in its starting state.
    private PlatformLifecycle _lifecycle = new();

    private RouteCache Cache => _app.Services.GetRequiredService<RouteCache>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(NativeApiHost.Now));
        builder.Services.AddTransient(_ => _lifecycle);
        builder.Services.AddSingleton<IRouteStore>(_routes);
        builder.Services.AddSingleton<IHttpAppStore, NoAppSettings>();
        builder.Services.AddSingleton<IFunctionCatalog>(_functions);
        builder.Services.AddSingleton(new GatewayOptions());
        builder.Services.AddSingleton<RouteCache>();
        _app = builder.Build();
        InvocationsApi.Map(_app);
        await _app.StartAsync();
        _lifecycle.MarkReady();
        _endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _client = new HttpClient { BaseAddress = _endpoint };
        _functions.Add("get-user");
        _functions.Add("catch-all");
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
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError))!;
    }

    private async Task<RouteEntry> AddAsync(string json)
    {
        using var response = await PostAsync(json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.RouteEntry))!;
    }

    [Fact]
    public async Task Add_ValidRoute_Answers201WithTheRouteItsUrlAndLocation()
    {
        using var response = await PostAsync("""{"app": "shop", "method": "get", "path": "/users/{id}", "function": "get-user"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var entry = JsonSerializer.Deserialize(raw, KumoJsonContext.Default.RouteEntry)!;
        Assert.Matches("^r-[a-z0-9]{10}$", entry.RouteId);
        Assert.Equal($"{NativeApi.RoutesPath}/{entry.RouteId}", response.Headers.Location?.OriginalString);
        Assert.Equal(
            ("shop", "GET", "/users/{id}", "GET /users/{id}", "get-user", "2.0", NativeApiHost.Now),
            (entry.App, entry.Method, entry.Path, entry.RouteKey, entry.Function, entry.PayloadFormat, entry.CreatedAt));
        Assert.Equal("http://shop.api.localhost:7070/users/{id}", entry.Url);
        Assert.DoesNotContain("qualifier", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("timeoutSeconds", raw, StringComparison.Ordinal);
        var stored = Assert.Single(_routes.Routes);
        Assert.Equal((Tenants.Default, entry.RouteId, "GET", null as string), (stored.TenantId, stored.RouteId, stored.Method, stored.Qualifier));
    }

    [Fact]
    public async Task Add_DefaultWithoutMethod_IsAnyAtTheAppsAddress()
    {
        var entry = await AddAsync("""{"app": "shop", "path": "$default", "function": "catch-all", "payloadFormat": "1.0", "timeoutSeconds": 30, "qualifier": "$LATEST"}""");

        Assert.Equal(("ANY", "$default", "1.0", 30), (entry.Method, entry.RouteKey, entry.PayloadFormat, entry.TimeoutSeconds));
        Assert.Equal("http://shop.api.localhost:7070/", entry.Url);
        Assert.Null(Assert.Single(_routes.Routes).Qualifier);
    }

    [Fact]
    public async Task Add_EveryFieldWrong_Answers400NamingEachProblem()
    {
        using var response = await PostAsync(
            """{"app": "Shop_1", "method": "FETCH", "path": "users", "qualifier": "live", "payloadFormat": "3.0", "timeoutSeconds": 901}""");

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(NativeErrors.InvalidParameter, error.Code);
        foreach (var part in new[] { "app 'Shop_1'", "method 'FETCH'", "path 'users'", "function is missing", "qualifier 'live'", "payloadFormat '3.0'", "timeoutSeconds 901" })
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_routes.Routes);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("shop-2", true)]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890bc", true)]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890bcd", false)]
    [InlineData("2shop", false)]
    [InlineData("shop-", false)]
    [InlineData("Shop", false)]
    [InlineData("shop.eu", false)]
    public async Task Add_AppName_MustBeADnsLabel(string app, bool valid)
    {
        using var response = await PostAsync($$"""{"app": "{{app}}", "method": "GET", "path": "/", "function": "get-user"}""");

        if (valid)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            Assert.Contains($"app '{app}' is not valid", (await ErrorAsync(response, HttpStatusCode.BadRequest)).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{oops", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("null", "the body is null")]
    [InlineData("""{"app": "shop", "functionName": "x"}""", "functionName")]
    public async Task Add_BodyNotARoute_Answers400SayingWhatToSend(string body, string expected)
    {
        using var response = await PostAsync(body);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("\"function\": \"get-user\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_DefaultWithAMethod_Answers400()
    {
        using var response = await PostAsync("""{"app": "shop", "method": "GET", "path": "$default", "function": "catch-all"}""");

        Assert.Contains("$default route takes every method", (await ErrorAsync(response, HttpStatusCode.BadRequest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_UnknownFunction_Answers404NamingIt()
    {
        using var response = await PostAsync("""{"app": "shop", "method": "GET", "path": "/", "function": "ghost"}""");

        var error = await ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(NativeErrors.NotFound, error.Code);
        Assert.Contains("no function named 'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_routes.Routes);
    }

    [Fact]
    public async Task Add_SameAppMethodAndPath_Answers409NamingTheExistingRoute()
    {
        var first = await AddAsync("""{"app": "shop", "method": "GET", "path": "/users/{id}", "function": "get-user"}""");
        await AddAsync("""{"app": "shop", "method": "ANY", "path": "/users/{id}", "function": "get-user"}""");
        await AddAsync("""{"app": "other", "method": "GET", "path": "/users/{id}", "function": "get-user"}""");

        using var again = await PostAsync("""{"app": "shop", "method": "Get", "path": "/users/{id}", "function": "catch-all"}""");

        var error = await ErrorAsync(again, HttpStatusCode.Conflict);
        Assert.Contains($"already has route 'GET /users/{{id}}': {first.RouteId}", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _routes.Routes.Count);
    }

    [Fact]
    public async Task List_ByApp_AnswersOnlyItsRoutes()
    {
        await AddAsync("""{"app": "shop", "method": "GET", "path": "/users/{id}", "function": "get-user"}""");
        await AddAsync("""{"app": "shop", "path": "$default", "function": "catch-all"}""");
        await AddAsync("""{"app": "blog", "method": "POST", "path": "/posts", "function": "catch-all"}""");

        using var all = await _client.GetAsync(NativeApi.RoutesPath);
        using var shop = await _client.GetAsync(NativeApi.RoutesPath + "?app=shop");

        var allRoutes = (await all.Content.ReadFromJsonAsync(KumoJsonContext.Default.RouteList))!.Routes;
        var shopRoutes = (await shop.Content.ReadFromJsonAsync(KumoJsonContext.Default.RouteList))!.Routes;
        Assert.Equal(["blog", "shop", "shop"], allRoutes.Select(r => r.App));
        Assert.Equal(["$default", "GET /users/{id}"], shopRoutes.Select(r => r.RouteKey));
        Assert.Equal(["http://shop.api.localhost:7070/", "http://shop.api.localhost:7070/users/{id}"], shopRoutes.Select(r => r.Url));
    }

    [Theory]
    [InlineData("app=Shop", "app 'Shop' is not valid")]
    [InlineData("ap=shop", "unknown query parameter 'ap'")]
    public async Task List_BadQuery_Answers400(string query, string expected)
    {
        using var response = await _client.GetAsync(NativeApi.RoutesPath + "?" + query);

        Assert.Contains(expected, (await ErrorAsync(response, HttpStatusCode.BadRequest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Existing_Answers204AndTheRouteIsGone()
    {
        var route = await AddAsync("""{"app": "shop", "method": "GET", "path": "/users/{id}", "function": "get-user"}""");

        using var removed = await _client.DeleteAsync($"{NativeApi.RoutesPath}/{route.RouteId}");
        using var again = await _client.DeleteAsync($"{NativeApi.RoutesPath}/{route.RouteId}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(_routes.Routes);
        var error = await ErrorAsync(again, HttpStatusCode.NotFound);
        Assert.Contains($"there is no route '{route.RouteId}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAndDelete_RouteCache_ServesTheChangeAtOnce()
    {
        // The clock stands still: without being told, the cache would not read the store again.
        Assert.Equal(0, (await Cache.GetAsync(Tenants.Default, "shop", CancellationToken.None)).Count);

        var route = await AddAsync("""{"app": "shop", "method": "GET", "path": "/users/{id}", "function": "get-user"}""");
        var afterAdd = (await Cache.GetAsync(Tenants.Default, "shop", CancellationToken.None)).Count;
        using var removed = await _client.DeleteAsync($"{NativeApi.RoutesPath}/{route.RouteId}");
        var afterDelete = (await Cache.GetAsync(Tenants.Default, "shop", CancellationToken.None)).Count;

        Assert.Equal((1, 0), (afterAdd, afterDelete));
    }

    [Fact]
    public async Task Routes_WhileStarting_Answer503AndChangeNothing()
    {
        _lifecycle = new PlatformLifecycle();

        using var list = await _client.GetAsync(NativeApi.RoutesPath);
        using var add = await PostAsync("""{"app": "shop", "method": "GET", "path": "/", "function": "get-user"}""");

        Assert.Equal("NotReady", (await ErrorAsync(list, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal("NotReady", (await ErrorAsync(add, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Empty(_routes.Routes);
    }

    /// <summary>Apps without settings: the route cache reads them beside the routes.</summary>
    private sealed class NoAppSettings : IHttpAppStore
    {
        public Task<HttpApp?> GetAsync(string tenantId, string name, CancellationToken cancellationToken) => Task.FromResult<HttpApp?>(null);

        public Task PutAsync(HttpApp app, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<HttpApp>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<HttpApp>>([]);
    }
}
