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
    private readonly InMemoryHttpAppStore _apps = new();
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
        builder.Services.AddSingleton<IHttpAppStore>(_apps);
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
        Assert.Contains("\"authorizationType\":\"NONE\"", raw, StringComparison.Ordinal);
        foreach (var absent in new[] { "qualifier", "timeoutSeconds", "authorizer", "scopes", "apiKeyRequired", "rateLimit" })
        {
            Assert.DoesNotContain($"\"{absent}\"", raw, StringComparison.Ordinal);
        }

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

    [Fact]
    public async Task Add_JwtRouteWithScopesKeyAndRateLimit_StoresAndShowsThem()
    {
        await PutSettingsAsync();

        var entry = await AddAsync(
            """
            {"app": "shop", "method": "POST", "path": "/orders", "function": "get-user", "authorizationType": "jwt", "authorizer": "users",
             "scopes": ["orders:write", "admin"], "apiKeyRequired": true, "rateLimit": {"rate": 0.5, "burst": 3}}
            """);

        Assert.Equal(("JWT", "users", true), (entry.AuthorizationType, entry.Authorizer, entry.ApiKeyRequired));
        Assert.Equal(["orders:write", "admin"], entry.Scopes!);
        Assert.Equal((0.5, 3), (entry.RateLimit!.Rate, entry.RateLimit.Burst));
        var stored = Assert.Single(_routes.Routes);
        Assert.Equal(("JWT", "users", true, new RateLimit(0.5, 3)), (stored.AuthorizationType, stored.AuthorizerName, stored.ApiKeyRequired, stored.RateLimit));
        Assert.Equal(["orders:write", "admin"], stored.AuthorizationScopes);
    }

    [Fact]
    public async Task Add_CustomRoute_NamesTheLambdaAuthoriser()
    {
        await PutSettingsAsync();

        var entry = await AddAsync("""{"app": "shop", "method": "GET", "path": "/", "function": "get-user", "authorizationType": "Custom", "authorizer": "gate"}""");

        Assert.Equal(("CUSTOM", "gate", null as IReadOnlyList<string>), (entry.AuthorizationType, entry.Authorizer, entry.Scopes));
        Assert.Equal("gate", Assert.Single(_routes.Routes).AuthorizerName);
    }

    [Fact]
    public async Task Add_EveryAuthFieldWrong_Answers400NamingEachProblem()
    {
        using var response = await PostAsync(
            """
            {"app": "shop", "method": "GET", "path": "users", "function": "get-user", "authorizationType": "basic",
             "scopes": ["a b", ""], "rateLimit": {"rate": 10000.5, "burst": 0}}
            """);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        foreach (var part in new[] { "path 'users'", "authorizationType 'basic' is not valid", "scopes has 'a b', ''", "rateLimit.rate 10000.5", "rateLimit.burst 0" })
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("scopes are only for JWT", error.Message, StringComparison.Ordinal);
        Assert.Empty(_routes.Routes);
    }

    [Theory]
    [InlineData("""
        "authorizationType": "JWT", "authorizer": "gate"
        """, "authorizer 'gate' is not a jwt authoriser of app 'shop' (it has lambda authoriser 'gate', jwt authoriser 'users')")]
    [InlineData("""
        "authorizationType": "CUSTOM", "authorizer": "users"
        """, "authorizer 'users' is not a lambda authoriser of app 'shop'")]
    [InlineData("""
        "authorizationType": "JWT", "authorizer": "ghost"
        """, "authorizer 'ghost' is not a jwt authoriser of app 'shop'")]
    [InlineData("""
        "authorizationType": "JWT"
        """, "authorizer is missing: a JWT route names the app's jwt authoriser")]
    [InlineData("""
        "authorizer": "users"
        """, "authorizer 'users' is only for JWT and CUSTOM routes")]
    [InlineData("""
        "authorizationType": "CUSTOM", "authorizer": "gate", "scopes": ["read"]
        """, "scopes are only for JWT routes")]
    [InlineData("""
        "rateLimit": {"rate": 5}
        """, "rateLimit.burst is missing")]
    [InlineData("""
        "rateLimit": {"rate": 5, "burst": 10, "period": 1}
        """, "period")]
    public async Task Add_AuthNotRight_Answers400SayingWhy(string fields, string expected)
    {
        await PutSettingsAsync();

        using var response = await PostAsync($$"""{"app": "shop", "method": "GET", "path": "/", "function": "get-user", {{fields}}}""");

        Assert.Contains(expected, (await ErrorAsync(response, HttpStatusCode.BadRequest)).Message, StringComparison.Ordinal);
        Assert.Empty(_routes.Routes);
    }

    [Fact]
    public async Task Add_AuthoriserOfAnAppWithoutSettings_Answers400SayingItHasNone()
    {
        using var response = await PostAsync("""{"app": "blog", "method": "GET", "path": "/", "function": "get-user", "authorizationType": "JWT", "authorizer": "users"}""");

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("(it has no authorisers)", error.Message, StringComparison.Ordinal);
        Assert.Contains("kumo apps put blog --file SETTINGS", error.Message, StringComparison.Ordinal);
    }

    /// <summary>App shop's settings: a jwt authoriser 'users' and a lambda authoriser 'gate'.</summary>
    private Task PutSettingsAsync() => _apps.PutAsync(
        new HttpApp
        {
            TenantId = Tenants.Default,
            Name = "shop",
            Authorizers = new Dictionary<string, HttpAuthorizer>
            {
                ["users"] = new() { Type = HttpAuthorizerTypes.Jwt, Secret = new string('s', 32) },
                ["gate"] = new() { Type = HttpAuthorizerTypes.Lambda, FunctionName = "catch-all" },
            },
        },
        CancellationToken.None);
}
