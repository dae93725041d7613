using Kumo.Abstractions.Http;
using Kumo.Storage.Sqlite.Http;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Http;

/// <summary>Function URL configurations and routes: stored, found, changed and removed, per tenant.</summary>
public sealed class SqliteHttpStoreTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteFunctionUrlStore _urls;
    private readonly SqliteRouteStore _routes;
    private readonly SqliteHttpAppStore _apps;

    public SqliteHttpStoreTests()
    {
        _database = new SqliteDatabase(_data.Path);
        _urls = new SqliteFunctionUrlStore(_database);
        _routes = new SqliteRouteStore(_database);
        _apps = new SqliteHttpAppStore(_database);
    }

    public async Task InitializeAsync()
    {
        using var metadata = new SqliteMetadataStore(_database, TimeProvider.System, NullLogger<SqliteMetadataStore>.Instance);
        await metadata.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _database.Close();
        _data.Dispose();
        return Task.CompletedTask;
    }

    private static FunctionUrlConfig Url(string function = "web", string id = "abcdefghijklmnopqrstuvwxyz012345", string tenant = Tenant) => new()
    {
        TenantId = tenant,
        FunctionName = function,
        UrlId = id,
        Cors = new CorsConfig { AllowOrigins = ["https://example.com"], AllowMethods = ["GET", "POST"], MaxAge = 300, AllowCredentials = true },
        CreatedAt = T0,
        LastModified = T0,
    };

    private static HttpRoute Route(string id, string method = "GET", string path = "/users/{id}", string app = "shop") => new()
    {
        TenantId = Tenant,
        App = app,
        RouteId = id,
        Method = method,
        Path = path,
        FunctionName = "users",
        PayloadFormat = HttpPayloadFormats.V1,
        TimeoutSeconds = 5,
        CreatedAt = T0,
    };

    [Fact]
    public async Task FunctionUrl_Created_IsFoundByFunctionAndById_WithItsCors()
    {
        Assert.True(await _urls.CreateAsync(Url(), CancellationToken.None));

        var byFunction = await _urls.GetAsync(Tenant, "web", "$LATEST", CancellationToken.None);
        var byId = await _urls.FindAsync("abcdefghijklmnopqrstuvwxyz012345", CancellationToken.None);

        Assert.Equal("web", byId!.FunctionName);
        Assert.Equal(Tenant, byId.TenantId);
        Assert.Equal(["https://example.com"], byFunction!.Cors!.AllowOrigins);
        Assert.Equal(["GET", "POST"], byFunction.Cors.AllowMethods);
        Assert.Equal(300, byFunction.Cors.MaxAge);
        Assert.True(byFunction.Cors.AllowCredentials);
        Assert.Equal(T0, byFunction.CreatedAt);
        Assert.Null(await _urls.FindAsync("nothing-like-it", CancellationToken.None));
    }

    [Fact]
    public async Task FunctionUrl_SecondForTheSameFunction_IsRefused()
    {
        await _urls.CreateAsync(Url(), CancellationToken.None);

        Assert.False(await _urls.CreateAsync(Url(id: "another0another0another0another01"), CancellationToken.None));
        Assert.Single(await _urls.ListAsync(Tenant, "web", CancellationToken.None));
    }

    [Fact]
    public async Task FunctionUrl_Update_ChangesAuthCorsAndTime_NotTheId()
    {
        await _urls.CreateAsync(Url(), CancellationToken.None);

        Assert.True(await _urls.UpdateAsync(Url() with { Cors = null, LastModified = T0.AddHours(1) }, CancellationToken.None));

        var updated = await _urls.GetAsync(Tenant, "web", "$LATEST", CancellationToken.None);
        Assert.Null(updated!.Cors);
        Assert.Equal(T0.AddHours(1), updated.LastModified);
        Assert.Equal(T0, updated.CreatedAt);
        Assert.False(await _urls.UpdateAsync(Url(function: "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task FunctionUrl_DeleteAndDeleteAll_RemoveOnlyThatFunctionsUrls()
    {
        await _urls.CreateAsync(Url(), CancellationToken.None);
        await _urls.CreateAsync(Url(function: "other", id: "other0other0other0other0other0ot"), CancellationToken.None);

        Assert.True(await _urls.DeleteAsync(Tenant, "web", "$LATEST", CancellationToken.None));
        Assert.False(await _urls.DeleteAsync(Tenant, "web", "$LATEST", CancellationToken.None));
        Assert.Equal(1, await _urls.DeleteAllAsync(Tenant, "other", CancellationToken.None));
        Assert.Null(await _urls.FindAsync("other0other0other0other0other0ot", CancellationToken.None));
    }

    [Fact]
    public async Task Routes_AddedListedAndDeleted_BumpTheVersionEachTime()
    {
        var start = await _routes.GetVersionAsync(CancellationToken.None);

        Assert.True(await _routes.AddAsync(Route("r1"), CancellationToken.None));
        Assert.True(await _routes.AddAsync(Route("r2", "ANY", "/{proxy+}"), CancellationToken.None));
        Assert.True(await _routes.AddAsync(Route("r3", app: "blog"), CancellationToken.None));
        var afterAdds = await _routes.GetVersionAsync(CancellationToken.None);
        var shop = await _routes.ListAsync(Tenant, "shop", CancellationToken.None);
        var all = await _routes.ListAsync(Tenant, null, CancellationToken.None);
        Assert.True(await _routes.DeleteAsync(Tenant, "r1", CancellationToken.None));
        Assert.False(await _routes.DeleteAsync(Tenant, "r1", CancellationToken.None));

        Assert.Equal(start + 3, afterAdds);
        Assert.Equal(start + 4, await _routes.GetVersionAsync(CancellationToken.None));
        Assert.Equal(["r1", "r2"], shop.Select(r => r.RouteId)); // by path: "/users/{id}" sorts before "/{proxy+}"
        Assert.Equal(3, all.Count);
        var first = shop.Single(r => r.RouteId == "r1");
        Assert.Equal(HttpPayloadFormats.V1, first.PayloadFormat);
        Assert.Equal(5, first.TimeoutSeconds);
        Assert.Equal("GET /users/{id}", first.RouteKey);
    }

    [Fact]
    public async Task Routes_SameMethodAndPathInOneApp_IsRefusedAndChangesNothing()
    {
        await _routes.AddAsync(Route("r1"), CancellationToken.None);
        var version = await _routes.GetVersionAsync(CancellationToken.None);

        Assert.False(await _routes.AddAsync(Route("r2"), CancellationToken.None));
        Assert.True(await _routes.AddAsync(Route("r3", "POST"), CancellationToken.None));

        Assert.Equal(version + 1, await _routes.GetVersionAsync(CancellationToken.None));
        Assert.Equal(2, (await _routes.ListAsync(Tenant, "shop", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Routes_KeepTheirAuthorisationAndRateLimit()
    {
        await _routes.AddAsync(
            Route("r1") with
            {
                AuthorizationType = HttpAuthorizationTypes.Jwt,
                AuthorizerName = "users",
                AuthorizationScopes = ["orders:read", "orders:write"],
                ApiKeyRequired = true,
                RateLimit = new RateLimit(2.5, 10),
            },
            CancellationToken.None);

        var route = Assert.Single(await _routes.ListAsync(Tenant, "shop", CancellationToken.None));

        Assert.Equal(HttpAuthorizationTypes.Jwt, route.AuthorizationType);
        Assert.Equal("users", route.AuthorizerName);
        Assert.Equal(["orders:read", "orders:write"], route.AuthorizationScopes);
        Assert.True(route.ApiKeyRequired);
        Assert.Equal(new RateLimit(2.5, 10), route.RateLimit);
    }

    [Fact]
    public async Task Routes_ServingABucket_KeepTheBucketAndPrefix_AndFunctionRoutesHaveNone()
    {
        await _routes.AddAsync(Route("r1", path: "/{proxy+}") with { FunctionName = "", StaticBucket = "webapp-site", StaticPrefix = "www/" }, CancellationToken.None);
        await _routes.AddAsync(Route("r2", path: "/static/{path+}") with { FunctionName = "", StaticBucket = "assets" }, CancellationToken.None);
        await _routes.AddAsync(Route("r3"), CancellationToken.None);

        var routes = (await _routes.ListAsync(Tenant, "shop", CancellationToken.None)).ToDictionary(r => r.RouteId);

        Assert.Equal(("", "webapp-site", "www/", true), (routes["r1"].FunctionName, routes["r1"].StaticBucket, routes["r1"].StaticPrefix, routes["r1"].IsStatic));
        Assert.Equal(("assets", null as string), (routes["r2"].StaticBucket, routes["r2"].StaticPrefix));
        Assert.Equal(("users", null as string, false), (routes["r3"].FunctionName, routes["r3"].StaticBucket, routes["r3"].IsStatic));
    }

    [Fact]
    public async Task Apps_PutReplacesGetReadsBackEverySettingAndChangesBumpTheVersion()
    {
        var version = await _routes.GetVersionAsync(CancellationToken.None);
        var app = new HttpApp
        {
            TenantId = Tenant,
            Name = "shop",
            Debug = true,
            Cors = new CorsConfig { AllowOrigins = ["*"] },
            Authorizers = new Dictionary<string, HttpAuthorizer>
            {
                ["users"] = new() { Type = HttpAuthorizerTypes.Jwt, Issuer = "https://issuer", Audiences = ["shop"], JwksUri = "/etc/jwks.json" },
                ["gate"] = new() { Type = HttpAuthorizerTypes.Lambda, FunctionName = "gatekeeper", ResultTtlSeconds = 30 },
            },
            ApiKeys = [new HttpApiKey("k-1", "partner", new string('a', 64), new RateLimit(1, 5), T0)],
            LastModified = T0,
        };

        await _apps.PutAsync(app, CancellationToken.None);
        await _apps.PutAsync(app with { Debug = false }, CancellationToken.None);
        var read = await _apps.GetAsync(Tenant, "shop", CancellationToken.None);

        Assert.False(read!.Debug);
        Assert.Equal(["*"], read.Cors!.AllowOrigins);
        Assert.Equal("https://issuer", read.Authorizers["users"].Issuer);
        Assert.Equal(["shop"], read.Authorizers["users"].Audiences);
        Assert.Equal("gatekeeper", read.Authorizers["gate"].FunctionName);
        Assert.Equal(30, read.Authorizers["gate"].ResultTtlSeconds);
        var key = Assert.Single(read.ApiKeys);
        Assert.Equal(new RateLimit(1, 5), key.RateLimit);
        Assert.Equal("partner", key.Name);
        Assert.Equal(version + 2, await _routes.GetVersionAsync(CancellationToken.None));
        Assert.Single(await _apps.ListAsync(Tenant, CancellationToken.None));
        Assert.True(await _apps.DeleteAsync(Tenant, "shop", CancellationToken.None));
        Assert.False(await _apps.DeleteAsync(Tenant, "shop", CancellationToken.None));
        Assert.Null(await _apps.GetAsync(Tenant, "shop", CancellationToken.None));
        Assert.Equal(version + 3, await _routes.GetVersionAsync(CancellationToken.None));
    }
}
