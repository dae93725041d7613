using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
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

/// <summary><c>/_kumo/v1/apps</c> on a real Kestrel at a free port, over in-memory routes, apps and functions.</summary>
public sealed class AppEndpointsTests : IAsyncLifetime
{
    private const string Secret = "a-shared-secret-of-at-least-32-bytes!!";

    private const string Settings = $$"""
        {
          "cors": {"allowOrigins": ["https://shop.example"], "allowMethods": ["get", "POST"], "allowHeaders": ["content-type"], "maxAge": 600},
          "debug": true,
          "authorizers": {
            "users": {"type": "JWT", "issuer": "https://id.example", "audiences": ["shop"], "secret": "{{Secret}}", "clockSkewSeconds": 30},
            "gate": {"type": "lambda", "function": "gatekeeper", "resultTtlSeconds": 0, "identitySource": ["$request.header.X-Token", "$context.identity.sourceIp"]}
          }
        }
        """;

    private readonly InMemoryRouteStore _routes = new();
    private readonly InMemoryHttpAppStore _apps = new();
    private readonly InMemoryFunctionCatalog _functions = new();
    private readonly string _jwksFile = Path.Combine(Path.GetTempPath(), $"kumo-jwks-{Guid.NewGuid():N}.json");
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
        _functions.Add("gatekeeper");
        _functions.Add("get-user");
        await File.WriteAllTextAsync(_jwksFile, """{"keys": []}""");
    }

    public async Task DisposeAsync()
    {
        File.Delete(_jwksFile);
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(_endpoint.Host, _endpoint.Port));
    }

    private Task<HttpResponseMessage> PutAsync(string app, string json) =>
        _client.PutAsync($"{NativeApi.AppsPath}/{app}", new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostKeyAsync(string app, string json) =>
        _client.PostAsync($"{NativeApi.AppsPath}/{app}/keys", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<ApiError> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError))!;
    }

    private async Task<AppEntry> PutOkAsync(string app, string json)
    {
        using var response = await PutAsync(app, json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.AppEntry))!;
    }

    private async Task<ApiKeyCreated> AddKeyAsync(string app, string json)
    {
        using var response = await PostKeyAsync(app, json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiKeyCreated))!;
    }

    private async Task<string> AddRouteAsync(string json)
    {
        using var response = await _client.PostAsync(NativeApi.RoutesPath, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.RouteEntry))!.RouteId;
    }

    [Fact]
    public async Task Put_FullSettings_StoresThemAndAnswersWithoutTheSecret()
    {
        using var response = await PutAsync("shop", Settings);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", raw, StringComparison.Ordinal);
        var entry = JsonSerializer.Deserialize(raw, KumoJsonContext.Default.AppEntry)!;
        Assert.Equal(("shop", "http://shop.api.localhost:7070/", 0, true, NativeApiHost.Now), (entry.Name, entry.Url, entry.RouteCount, entry.Debug, entry.LastModified));
        Assert.Equal(["GET", "POST"], entry.Cors!.AllowMethods!);
        Assert.Null(entry.Cors.ExposeHeaders);
        var users = entry.Authorizers["users"];
        Assert.Equal(("jwt", "https://id.example", true, 30, null as string), (users.Type, users.Issuer, users.SecretSet, users.ClockSkewSeconds, users.Function));
        var gate = entry.Authorizers["gate"];
        Assert.Equal(("lambda", "gatekeeper", 0, true, null as bool?), (gate.Type, gate.Function, gate.ResultTtlSeconds, gate.EnableSimpleResponses, gate.SecretSet));
        Assert.Equal(["$request.header.X-Token", "$context.identity.sourceIp"], gate.IdentitySource!);

        var stored = Assert.Single(_apps.Apps);
        Assert.Equal((Tenants.Default, "shop", true, NativeApiHost.Now), (stored.TenantId, stored.Name, stored.Debug, stored.LastModified));
        Assert.Equal((Secret, 30), (stored.Authorizers["users"].Secret, stored.Authorizers["users"].ClockSkewSeconds));
        Assert.Equal(["shop"], stored.Authorizers["users"].Audiences);
        Assert.Equal(("lambda", "gatekeeper", 0), (stored.Authorizers["gate"].Type, stored.Authorizers["gate"].FunctionName, stored.Authorizers["gate"].ResultTtlSeconds));
        Assert.Equal(600, stored.Cors!.MaxAge);
    }

    [Fact]
    public async Task Put_DefaultsLeftOut_AreFilledIn()
    {
        var entry = await PutOkAsync("shop", """{"authorizers": {"gate": {"type": "lambda", "function": "gatekeeper"}, "keys": {"type": "jwt", "jwksUri": "https://id.example/jwks.json"}}, "cors": {}}""");

        var gate = _apps.Apps.Single().Authorizers["gate"];
        Assert.Equal((300, true), (gate.ResultTtlSeconds, gate.EnableSimpleResponses));
        Assert.Equal(["$request.header.Authorization"], gate.IdentitySource);
        Assert.Equal(60, _apps.Apps.Single().Authorizers["keys"].ClockSkewSeconds);
        Assert.Null(entry.Authorizers["keys"].SecretSet);
        Assert.Null(_apps.Apps.Single().Cors);
        Assert.False(entry.Debug);
    }

    [Fact]
    public async Task Put_EverythingWrong_Answers400NamingEachProblemAndStoresNothing()
    {
        using var response = await PutAsync(
            "Shop_1",
            """
            {
              "cors": {"allowOrigins": ["https://a.example", "http://x y"], "allowMethods": ["GET", "FETCH"], "allowHeaders": ["content-type\n"], "maxAge": 86401},
              "authorizers": {
                "bad name!": {"type": "jwt", "secret": "0123456789012345678901234567890123"},
                "neither": {"type": "jwt"},
                "both": {"type": "jwt", "secret": "short-secret", "jwksUri": "ftp://id.example/jwks"},
                "skew": {"type": "jwt", "jwksUri": "https://id.example/jwks", "clockSkewSeconds": 601, "function": "gatekeeper", "resultTtlSeconds": 5},
                "gate": {"type": "lambda", "resultTtlSeconds": 3601, "identitySource": ["header.Authorization", "$context.nope", "$request.header."], "issuer": "x"},
                "which": {"type": "oauth"},
                "untyped": {},
                "nothing": null,
                "relative": {"type": "jwt", "jwksUri": "keys/jwks.json"}
              }
            }
            """);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        foreach (var part in new[]
        {
            "app 'Shop_1' is not valid",
            "cors.allowOrigins has 'http://x y'",
            "cors.allowMethods has 'FETCH'",
            "cors.allowHeaders has 'content-type\\u000A'",
            "cors.maxAge 86401 is not valid",
            "authoriser name 'bad name!' is not valid",
            "authorizers.neither needs secret (HS256 tokens, at least 32 bytes) or jwksUri",
            "authorizers.both has both secret and jwksUri",
            "authorizers.both.secret is 12 bytes: HS256 needs at least 32",
            "authorizers.both.jwksUri 'ftp://id.example/jwks' is not valid",
            "authorizers.skew.clockSkewSeconds 601 is not valid",
            "authorizers.skew is a jwt authoriser, but function, resultTtlSeconds are for lambda authorisers",
            "authorizers.gate.function is missing",
            "authorizers.gate.resultTtlSeconds 3601 is not valid",
            "authorizers.gate.identitySource has 'header.Authorization', '$context.nope', '$request.header.'",
            "authorizers.gate is a lambda authoriser, but issuer is for jwt authorisers",
            "authorizers.which.type 'oauth' is not valid",
            "authorizers.untyped.type is missing",
            "authorizers.nothing is null",
            "authorizers.relative.jwksUri 'keys/jwks.json' is not valid",
        })
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("short-secret", error.Message, StringComparison.Ordinal);
        Assert.Empty(_apps.Apps);
    }

    [Fact]
    public async Task Put_LambdaAuthoriserOfAMissingFunction_Answers400NamingIt()
    {
        using var response = await PutAsync("shop", """{"authorizers": {"gate": {"type": "lambda", "function": "ghost"}}}""");

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("authorizers.gate.function 'ghost' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Empty(_apps.Apps);
    }

    [Fact]
    public async Task Put_JwksFile_MustExist()
    {
        var missing = _jwksFile + ".missing";

        var entry = await PutOkAsync("shop", $$"""{"authorizers": {"a": {"type": "jwt", "jwksUri": "{{_jwksFile}}"}, "b": {"type": "jwt", "jwksUri": "file://{{_jwksFile}}"} } }""");
        using var refused = await PutAsync("shop", $$"""{"authorizers": {"a": {"type": "jwt", "jwksUri": "{{missing}}"} } }""");

        Assert.Equal(_jwksFile, entry.Authorizers["a"].JwksUri);
        Assert.Contains($"jwksUri '{missing}' names a file that does not exist", (await ErrorAsync(refused, HttpStatusCode.BadRequest)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{oops", "not valid JSON for an app's settings")]
    [InlineData("null", "the body is null")]
    [InlineData("""{"authorisers": {}}""", "authorisers")]
    [InlineData("""{"cors": {"allowOrigin": ["*"]}}""", "allowOrigin")]
    [InlineData("""{"authorizers": {"a": {"type": "jwt", "jwks": "x"}}}""", "jwks")]
    public async Task Put_BodyNotSettings_Answers400SayingWhatToSend(string body, string expected)
    {
        using var response = await PutAsync("shop", body);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("\"authorizers\": {\"users\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_Again_ReplacesTheSettingsButKeepsTheApiKeys()
    {
        await PutOkAsync("shop", Settings);
        var key = await AddKeyAsync("shop", """{"name": "partner-a"}""");

        var entry = await PutOkAsync("shop", """{"debug": false}""");

        Assert.Equal((false, 0, null as CorsSettings), (entry.Debug, entry.Authorizers.Count, entry.Cors));
        Assert.Equal(key.Id, Assert.Single(entry.ApiKeys).Id);
        Assert.Equal(key.Id, Assert.Single(_apps.Apps.Single().ApiKeys).Id);
    }

    [Fact]
    public async Task Put_RemovingOrRetypingAnAuthoriserARouteUses_Answers409NamingTheRoutes()
    {
        await PutOkAsync("shop", Settings);
        var jwtRoute = await AddRouteAsync("""{"app": "shop", "method": "POST", "path": "/orders", "function": "get-user", "authorizationType": "JWT", "authorizer": "users"}""");
        var customRoute = await AddRouteAsync("""{"app": "shop", "method": "GET", "path": "/admin", "function": "get-user", "authorizationType": "CUSTOM", "authorizer": "gate"}""");

        using var removed = await PutAsync("shop", """{"authorizers": {"gate": {"type": "lambda", "function": "gatekeeper"}}}""");
        using var retyped = await PutAsync("shop", $$"""{"authorizers": {"users": {"type": "jwt", "secret": "{{Secret}}"}, "gate": {"type": "jwt", "secret": "{{Secret}}"} } }""");

        var error = await ErrorAsync(removed, HttpStatusCode.Conflict);
        Assert.Contains($"{jwtRoute} (POST /orders) uses jwt authoriser 'users'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(customRoute, error.Message, StringComparison.Ordinal);
        var retypedError = await ErrorAsync(retyped, HttpStatusCode.Conflict);
        Assert.Contains($"{customRoute} (GET /admin) uses lambda authoriser 'gate'", retypedError.Message, StringComparison.Ordinal);
        Assert.Equal(1, _apps.Puts);
        Assert.True(_apps.Apps.Single().Debug);
    }

    [Fact]
    public async Task Put_RouteCache_ServesTheChangeAtOnce()
    {
        // The clock stands still: without being told, the cache would not read the store again.
        Assert.Null((await Cache.GetAsync(Tenants.Default, "shop", CancellationToken.None)).App);

        await PutOkAsync("shop", Settings);
        var afterPut = (await Cache.GetAsync(Tenants.Default, "shop", CancellationToken.None)).App;
        await AddKeyAsync("shop", """{"name": "partner-a"}""");
        var afterKey = (await Cache.GetAsync(Tenants.Default, "shop", CancellationToken.None)).App;
        using var removed = await _client.DeleteAsync($"{NativeApi.AppsPath}/shop");
        var afterDelete = (await Cache.GetAsync(Tenants.Default, "shop", CancellationToken.None)).App;

        Assert.True(afterPut!.Debug);
        Assert.Single(afterKey!.ApiKeys);
        Assert.Null(afterDelete);
    }

    [Fact]
    public async Task List_AppsWithRoutesOrSettings_ShowsEachOnceByName()
    {
        await AddRouteAsync("""{"app": "blog", "method": "GET", "path": "/", "function": "get-user"}""");
        await AddRouteAsync("""{"app": "shop", "method": "GET", "path": "/", "function": "get-user"}""");
        await AddRouteAsync("""{"app": "shop", "method": "POST", "path": "/", "function": "get-user"}""");
        await PutOkAsync("shop", """{"debug": true}""");
        await AddKeyAsync("admin", """{"name": "ops"}""");

        using var response = await _client.GetAsync(NativeApi.AppsPath);

        var raw = await response.Content.ReadAsStringAsync();
        var apps = JsonSerializer.Deserialize(raw, KumoJsonContext.Default.AppList)!.Apps;
        Assert.Equal(["admin", "blog", "shop"], apps.Select(a => a.Name));
        Assert.Equal([0, 1, 2], apps.Select(a => a.RouteCount));
        Assert.Equal([NativeApiHost.Now, null, NativeApiHost.Now], apps.Select(a => a.LastModified));
        Assert.Equal("http://blog.api.localhost:7070/", apps[1].Url);
        Assert.Equal("ops", Assert.Single(apps[0].ApiKeys).Name);
        Assert.DoesNotContain(_apps.Apps.Single(a => a.Name == "admin").ApiKeys[0].Sha256, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OneApp_AnswersItsEntryWithoutSecretsOrHashes()
    {
        await PutOkAsync("shop", Settings);
        await AddRouteAsync("""{"app": "shop", "method": "GET", "path": "/", "function": "get-user"}""");
        await AddKeyAsync("shop", """{"name": "partner-a", "rateLimit": {"rate": 5, "burst": 10}}""");

        using var response = await _client.GetAsync($"{NativeApi.AppsPath}/shop");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Secret, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(_apps.Apps.Single().ApiKeys[0].Sha256, raw, StringComparison.Ordinal);
        var entry = JsonSerializer.Deserialize(raw, KumoJsonContext.Default.AppEntry)!;
        Assert.Equal((1, "partner-a", 5.0, 10), (entry.RouteCount, entry.ApiKeys[0].Name, entry.ApiKeys[0].RateLimit!.Rate, entry.ApiKeys[0].RateLimit!.Burst));
    }

    [Theory]
    [InlineData("ghost", HttpStatusCode.NotFound, "there is no app 'ghost'")]
    [InlineData("Ghost", HttpStatusCode.BadRequest, "app 'Ghost' is not valid")]
    public async Task Get_NoSuchApp_AnswersWhy(string app, HttpStatusCode status, string expected)
    {
        using var response = await _client.GetAsync($"{NativeApi.AppsPath}/{app}");

        Assert.Contains(expected, (await ErrorAsync(response, status)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Settings_Answers204AndKeepsTheRoutes()
    {
        await PutOkAsync("shop", Settings);
        await AddRouteAsync("""{"app": "shop", "method": "GET", "path": "/", "function": "get-user"}""");

        using var removed = await _client.DeleteAsync($"{NativeApi.AppsPath}/shop");
        using var again = await _client.DeleteAsync($"{NativeApi.AppsPath}/shop");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(_apps.Apps);
        Assert.Single(_routes.Routes);
        Assert.Contains("app 'shop' has no settings", (await ErrorAsync(again, HttpStatusCode.NotFound)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WhileRoutesUseTheSettings_Answers409NamingThem()
    {
        await PutOkAsync("shop", Settings);
        var jwtRoute = await AddRouteAsync("""{"app": "shop", "method": "GET", "path": "/a", "function": "get-user", "authorizationType": "JWT", "authorizer": "users", "apiKeyRequired": true}""");
        var keyRoute = await AddRouteAsync("""{"app": "shop", "method": "GET", "path": "/b", "function": "get-user", "apiKeyRequired": true}""");
        var openRoute = await AddRouteAsync("""{"app": "shop", "method": "GET", "path": "/c", "function": "get-user"}""");

        using var response = await _client.DeleteAsync($"{NativeApi.AppsPath}/shop");

        var error = await ErrorAsync(response, HttpStatusCode.Conflict);
        Assert.Contains($"{jwtRoute} (GET /a) uses jwt authoriser 'users' and API keys", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{keyRoute} (GET /b) uses API keys", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(openRoute, error.Message, StringComparison.Ordinal);
        Assert.Single(_apps.Apps);
    }

    [Fact]
    public async Task AddKey_Answers201WithTheKeyOnceAndStoresOnlyItsHash()
    {
        using var response = await PostKeyAsync("shop", """{"name": "partner-a", "rateLimit": {"rate": 5, "burst": 10}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiKeyCreated))!;
        Assert.Matches("^k-[a-z0-9]{10}$", created.Id);
        Assert.Equal($"{NativeApi.AppsPath}/shop/keys/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(32, Convert.FromBase64String(created.Key.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", created.Key);
        Assert.Equal(("partner-a", 5.0, 10, NativeApiHost.Now), (created.Name, created.RateLimit!.Rate, created.RateLimit.Burst, created.CreatedAt));

        // The gateway compares the lowercase hex SHA-256 of what callers send in x-api-key.
        var stored = Assert.Single(Assert.Single(_apps.Apps).ApiKeys);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))), stored.Sha256);
        Assert.Equal((created.Id, "partner-a", new RateLimit(5, 10), NativeApiHost.Now), (stored.Id, stored.Name, stored.RateLimit, stored.CreatedAt));

        using var list = await _client.GetAsync($"{NativeApi.AppsPath}/shop/keys");
        var raw = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(created.Key, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Sha256, raw, StringComparison.Ordinal);
        Assert.Equal(created.Id, Assert.Single(JsonSerializer.Deserialize(raw, KumoJsonContext.Default.ApiKeyList)!.Keys).Id);
    }

    [Fact]
    public async Task AddKey_Twice_MakesDifferentKeys()
    {
        var first = await AddKeyAsync("shop", """{"name": "a"}""");
        var second = await AddKeyAsync("shop", """{"name": "b"}""");

        Assert.NotEqual(first.Key, second.Key);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(["a", "b"], _apps.Apps.Single().ApiKeys.Select(k => k.Name));
    }

    [Fact]
    public async Task AddKey_EverythingWrong_Answers400NamingEachProblem()
    {
        using var response = await PostKeyAsync("Shop", """{"rateLimit": {"rate": -1}}""");

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        foreach (var part in new[] { "app 'Shop' is not valid", "name is missing", "rateLimit.rate -1 is not valid", "rateLimit.burst is missing" })
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_apps.Apps);
    }

    [Fact]
    public async Task DeleteKey_Existing_Answers204AndKeepsTheOthers()
    {
        var first = await AddKeyAsync("shop", """{"name": "a"}""");
        var second = await AddKeyAsync("shop", """{"name": "b"}""");

        using var removed = await _client.DeleteAsync($"{NativeApi.AppsPath}/shop/keys/{first.Id}");
        using var again = await _client.DeleteAsync($"{NativeApi.AppsPath}/shop/keys/{first.Id}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(second.Id, Assert.Single(_apps.Apps.Single().ApiKeys).Id);
        Assert.Contains($"app 'shop' has no API key '{first.Id}'", (await ErrorAsync(again, HttpStatusCode.NotFound)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListKeys_NoSuchApp_Answers404()
    {
        using var response = await _client.GetAsync($"{NativeApi.AppsPath}/ghost/keys");

        Assert.Contains("there is no app 'ghost'", (await ErrorAsync(response, HttpStatusCode.NotFound)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apps_WhileStarting_Answer503AndChangeNothing()
    {
        _lifecycle = new PlatformLifecycle();

        using var list = await _client.GetAsync(NativeApi.AppsPath);
        using var put = await PutAsync("shop", Settings);
        using var key = await PostKeyAsync("shop", """{"name": "a"}""");

        Assert.Equal("NotReady", (await ErrorAsync(list, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal("NotReady", (await ErrorAsync(put, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal("NotReady", (await ErrorAsync(key, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Empty(_apps.Apps);
    }
}
