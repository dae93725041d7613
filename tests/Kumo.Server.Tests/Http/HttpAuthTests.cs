using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Invocations;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Http;

/// <summary>
/// An app's settings at work on real requests: JWT and function authorisers, API keys, rate limits, app-wide CORS
/// and debug mode. The function behind a refused request never runs.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HttpAuthTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private const string Secret = "a-shared-secret-that-is-long-enough-for-hs256";
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5);
        _http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await _http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
        await CreateAsync("echo", "import json\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event)}\n");
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

    private Task AppAsync(HttpApp app) => _server.Services.GetRequiredService<IHttpAppStore>().PutAsync(app, CancellationToken.None);

    private async Task RouteAsync(HttpRoute route) =>
        Assert.True(await _server.Services.GetRequiredService<IRouteStore>().AddAsync(route, CancellationToken.None));

    private static HttpRoute Route(string method, string path, string function = "echo", string format = HttpPayloadFormats.V2) => new()
    {
        TenantId = Tenant,
        App = "shop",
        RouteId = "r-" + Guid.NewGuid().ToString("N")[..10],
        Method = method,
        Path = path,
        FunctionName = function,
        PayloadFormat = format,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private async Task<int> RunsAsync(string function) =>
        (await _server.Services.GetRequiredService<IInvocationStore>().ListAsync(new InvocationQuery(Tenant) { FunctionName = function }, CancellationToken.None)).Count;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Token(object claims, string secret = Secret)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static long Epoch(TimeSpan offset) => DateTimeOffset.UtcNow.Add(offset).ToUnixTimeSeconds();

    private async Task<HttpResponseMessage> GetAsync(string path, string? bearer = null, string? apiKey = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_kumo/api/shop" + path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _http.SendAsync(request);
    }

    private static HttpApp App(Dictionary<string, HttpAuthorizer>? authorizers = null, IReadOnlyList<HttpApiKey>? keys = null) => new()
    {
        TenantId = Tenant,
        Name = "shop",
        Authorizers = authorizers ?? [],
        ApiKeys = keys ?? [],
        LastModified = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task Jwt_ValidTokenRuns_WithClaimsInTheEvent_AndBadTokensAre401()
    {
        await AppAsync(App(new() { ["users"] = new() { Type = HttpAuthorizerTypes.Jwt, Secret = Secret, Issuer = "https://id.example", Audiences = ["shop"] } }));
        await RouteAsync(Route("GET", "/me") with { AuthorizationType = HttpAuthorizationTypes.Jwt, AuthorizerName = "users" });
        var good = Token(new { sub = "ada", iss = "https://id.example", aud = "shop", exp = Epoch(TimeSpan.FromMinutes(5)) });

        using var allowed = await GetAsync("/me", good);
        using var none = await GetAsync("/me");
        using var expired = await GetAsync("/me", Token(new { sub = "ada", iss = "https://id.example", aud = "shop", exp = Epoch(TimeSpan.FromHours(-1)) }));
        using var wrongAudience = await GetAsync("/me", Token(new { sub = "ada", iss = "https://id.example", aud = "blog", exp = Epoch(TimeSpan.FromMinutes(5)) }));
        using var badSignature = await GetAsync("/me", Token(new { sub = "ada", iss = "https://id.example", aud = "shop", exp = Epoch(TimeSpan.FromMinutes(5)) }, "another-secret-that-is-also-long-enough-for-it"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var e = await allowed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ada", e.GetProperty("requestContext").GetProperty("authorizer").GetProperty("jwt").GetProperty("claims").GetProperty("sub").GetString());
        Assert.All([none, expired, wrongAudience, badSignature], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("audience", await wrongAudience.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await RunsAsync("echo"));
    }

    [Fact]
    public async Task Jwt_MissingScope_Is403()
    {
        await AppAsync(App(new() { ["users"] = new() { Type = HttpAuthorizerTypes.Jwt, Secret = Secret } }));
        await RouteAsync(Route("GET", "/admin") with { AuthorizationType = HttpAuthorizationTypes.Jwt, AuthorizerName = "users", AuthorizationScopes = ["admin"] });

        using var reader = await GetAsync("/admin", Token(new { sub = "bob", scope = "read write", exp = Epoch(TimeSpan.FromMinutes(5)) }));
        using var admin = await GetAsync("/admin", Token(new { sub = "eve", scope = "read admin", exp = Epoch(TimeSpan.FromMinutes(5)) }));

        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task ApiKey_RequiredRouteRefusesMissingAndWrongKeys_AndTheKeysRateLimitApplies()
    {
        const string key = "partner-key-123";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        await AppAsync(App(keys: [new HttpApiKey("k-1", "partner", hash, new RateLimit(0.01, 2), DateTimeOffset.UtcNow)]));
        await RouteAsync(Route("GET", "/partner") with { ApiKeyRequired = true });

        using var missing = await GetAsync("/partner");
        using var wrong = await GetAsync("/partner", apiKey: "guess");
        using var first = await GetAsync("/partner", apiKey: key);
        using var second = await GetAsync("/partner", apiKey: key);
        using var third = await GetAsync("/partner", apiKey: key);

        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(2, await RunsAsync("echo"));
    }

    [Fact]
    public async Task RouteRateLimit_BurstThen429_TheFunctionDoesNotRun()
    {
        await RouteAsync(Route("GET", "/limited") with { RateLimit = new RateLimit(0.01, 3) });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await GetAsync("/limited");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, await RunsAsync("echo"));
    }

    [Fact]
    public async Task LambdaAuthorizer_AllowsByToken_PassesItsContext_AndCachesTheDecision()
    {
        await CreateAsync("gatekeeper", """
            def handler(event, context):
                token = event['headers'].get('authorization', '')
                print('asked', token)
                return {'isAuthorized': token == 'letmein', 'context': {'user': 'ada'}}
            """);
        await AppAsync(App(new() { ["gate"] = new() { Type = HttpAuthorizerTypes.Lambda, FunctionName = "gatekeeper", ResultTtlSeconds = 300 } }));
        await RouteAsync(Route("GET", "/private") with { AuthorizationType = HttpAuthorizationTypes.Custom, AuthorizerName = "gate" });

        using var first = new HttpRequestMessage(HttpMethod.Get, "/_kumo/api/shop/private");
        first.Headers.TryAddWithoutValidation("Authorization", "letmein");
        using var allowed = await _http.SendAsync(first);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/_kumo/api/shop/private");
        again.Headers.TryAddWithoutValidation("Authorization", "letmein");
        using var cached = await _http.SendAsync(again);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/_kumo/api/shop/private");
        wrong.Headers.TryAddWithoutValidation("Authorization", "nope");
        using var denied = await _http.SendAsync(wrong);
        using var anonymous = await GetAsync("/private");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var e = await allowed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ada", e.GetProperty("requestContext").GetProperty("authorizer").GetProperty("lambda").GetProperty("user").GetString());
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(2, await RunsAsync("gatekeeper"));
        Assert.Equal(2, await RunsAsync("echo"));
    }

    [Fact]
    public async Task AppCors_PreflightForAnyRoute_AndHeadersEvenOnErrors()
    {
        await AppAsync(App() with { Cors = new CorsConfig { AllowOrigins = ["https://shop.example"], AllowMethods = ["*"] } });
        await RouteAsync(Route("GET", "/items"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/_kumo/api/shop/items");
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "DELETE");
        using var answered = await _http.SendAsync(preflight);
        using var notFound = await GetAsync("/missing", origin: "https://shop.example");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("DELETE", answered.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("https://shop.example", notFound.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(0, await RunsAsync("echo"));
    }

    [Fact]
    public async Task Debug_ShowsTheFunctionsErrorIn502_OnlyWhenOn()
    {
        await CreateAsync("broken", "def handler(event, context):\n    raise ValueError('details for the developer')\n");
        await AppAsync(App() with { Debug = true });
        await RouteAsync(Route("GET", "/broken", "broken"));

        using var response = await GetAsync("/broken");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("details for the developer", body.GetProperty("error").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Authorizer_NamedButMissingFromTheApp_Is500SayingWhich()
    {
        await RouteAsync(Route("GET", "/orphan") with { AuthorizationType = HttpAuthorizationTypes.Jwt, AuthorizerName = "ghost" });

        using var response = await GetAsync("/orphan", "x");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ghost", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await RunsAsync("echo"));
    }
}
